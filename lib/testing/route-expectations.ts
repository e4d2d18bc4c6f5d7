/**
 * What every route handler owes each kind of caller — the table behind the access matrix
 * (lib/testing/access-matrix.int.test.ts) and the bad-input suite. Every `METHOD /path` exported by an
 * `app/**\/route.ts` needs one line here; a route on disk without a line (or a line without a route) fails
 * the suite. Params and bodies name fixture resources (`'task'` = the caller's own task, swapped for the
 * other user's when testing isolation), see `Resource`.
 *
 * - public: anyone gets 2xx · notFound: the API catch-all, 404 for everyone · nextauth: next-auth's own
 *   endpoints (they run their own CSRF tokens; covered by sessions.int.test.ts)
 * - user: anonymous 401; employee A on A's resource 2xx (or `own`), A on B's resource 403/404 (or `foreign`)
 *   with the database unchanged; nobody's answer carries the other employee's data
 * - admin: anonymous 401, employees 403, admin passes
 * - apiKey: no / bad key or a session cookie 401; another connector's key 404 on this connector's resource
 * - signature: the source's signature is the only credential; sessions and API keys grant nothing
 */

/** Fixture resources; user-owned ones resolve to the caller's own, or the other employee's for isolation. */
export type Resource =
  | 'instance'
  | 'task'
  | 'ccTask'
  | 'attachment'
  | 'view'
  | 'spareView'
  | 'action'
  | 'apiConnector'
  | 'dingtalkConnector'
  | 'yidaConnector'
  | 'spareKey'
  | 'externalId'
  | 'externalTaskId';

/** A param or body value: a fixture resource, `{ literal }`, or a list (catch-all segments). */
export type ParamValue = Resource | { literal: string } | { list: string[] };

export type Expectation =
  | { auth: 'public' | 'notFound' | 'nextauth'; params?: Record<string, ParamValue> }
  | {
      auth: 'user' | 'admin' | 'apiKey' | 'signature';
      params?: Record<string, ParamValue>;
      query?: Record<string, ParamValue>;
      /** JSON body; string values naming a resource are resolved (`'$task'`). */
      body?: unknown;
      /** Statuses that count as success for the owner (default: any 2xx). */
      own?: number[];
      /** Statuses for the other employee / another connector's key (default 403 or 404). */
      foreign?: number[];
    };

type Extra = Omit<Extract<Expectation, { body?: unknown }>, 'auth' | 'params'>;
const pub = (): Expectation => ({ auth: 'public' });
const notFound = (): Expectation => ({
  auth: 'notFound',
  params: { slug: { list: ['no', 'such', 'route'] } },
});
const nextauth = (): Expectation => ({ auth: 'nextauth', params: { nextauth: { list: ['session'] } } });
const user = (params?: Record<string, ParamValue>, extra: Extra = {}): Expectation => ({
  auth: 'user',
  params,
  ...extra,
});
const admin = (params?: Record<string, ParamValue>, extra: Extra = {}): Expectation => ({
  auth: 'admin',
  params,
  ...extra,
});
const apiKey = (params?: Record<string, ParamValue>, extra: Extra = {}): Expectation => ({
  auth: 'apiKey',
  params,
  ...extra,
});
const signature = (params: Record<string, ParamValue>): Expectation => ({ auth: 'signature', params });

const pushBody = {
  externalId: 'matrix-pushed',
  title: '矩阵推送',
  updatedAt: '2026-01-01T00:00:00Z',
};

/** An id nothing has: admin routes about one row answer the admin 404 (the 401/403 refusals are what matter). */
const NO_ID: ParamValue = { literal: '00000000-0000-4000-8000-000000000000' };
/** State-changing admin calls send an empty body: the admin gets 400 and the fixtures stay as they are. */
const adminInvalid = (params: Record<string, ParamValue> = {}): Expectation =>
  admin(params, { body: {}, own: [400] });

export const ROUTE_EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/[...slug]': notFound(),
  'POST /api/[...slug]': notFound(),
  'PUT /api/[...slug]': notFound(),
  'PATCH /api/[...slug]': notFound(),
  'DELETE /api/[...slug]': notFound(),
  'DELETE /api/admin/connectors/[connectorId]/api-keys/[keyId]': admin({
    connectorId: 'apiConnector',
    keyId: 'spareKey',
  }),
  'GET /api/admin/connectors/[connectorId]/api-keys': admin({ connectorId: 'apiConnector' }),
  'POST /api/admin/connectors/[connectorId]/api-keys': admin(
    { connectorId: 'apiConnector' },
    { body: { name: '矩阵密钥' } },
  ),
  'PUT /api/admin/connectors/[connectorId]/callback': admin(
    { connectorId: 'apiConnector' },
    { body: { callbackUrl: 'https://erp.example/hook' } },
  ),
  'PUT /api/admin/connectors/[connectorId]/notices': admin(
    { connectorId: 'apiConnector' },
    { body: { dingtalkConnectorId: null, announce: false } },
  ),
  'PUT /api/admin/connectors/[connectorId]/enabled': admin(
    { connectorId: 'dingtalkConnector' },
    { body: { enabled: true } },
  ),
  'GET /api/admin/connectors/[connectorId]': admin({ connectorId: 'dingtalkConnector' }),
  'PATCH /api/admin/connectors/[connectorId]': admin(
    { connectorId: 'dingtalkConnector' },
    { body: { name: '钉钉(矩阵)' } },
  ),
  'POST /api/admin/connectors/[connectorId]/test': admin({ connectorId: 'dingtalkConnector' }),
  // The matrix runs no sandbox: every call about the DingTalk callback registration is a 502 (source unreachable).
  'GET /api/admin/connectors/[connectorId]/dingtalk-callback': admin(
    { connectorId: 'dingtalkConnector' },
    { own: [502] },
  ),
  'POST /api/admin/connectors/[connectorId]/dingtalk-callback': admin(
    { connectorId: 'dingtalkConnector' },
    { own: [502] },
  ),
  'PUT /api/admin/connectors/[connectorId]/dingtalk-callback': admin(
    { connectorId: 'dingtalkConnector' },
    { own: [502] },
  ),
  'DELETE /api/admin/connectors/[connectorId]/dingtalk-callback': admin(
    { connectorId: 'dingtalkConnector' },
    { own: [502] },
  ),
  'GET /api/admin/connectors': admin(),
  'POST /api/admin/connectors': admin({}, { body: {}, own: [400] }),
  'GET /api/admin/processes': admin(),
  'GET /api/admin/calendar': admin(),
  'GET /api/admin/same-approval-rules': admin(),
  'POST /api/admin/same-approval-rules': adminInvalid(),
  'GET /api/admin/same-approval-rules/choices': admin(),
  'PUT /api/admin/same-approval-rules/[ruleId]': adminInvalid({ ruleId: NO_ID }),
  // A rule nothing lists: the admin 404 (the 401/403 refusals are what matter).
  'DELETE /api/admin/same-approval-rules/[ruleId]': admin(
    { ruleId: { literal: '00000000-0000-4000-8000-000000000000' } },
    { own: [404] },
  ),
  'PUT /api/admin/calendar': adminInvalid(),
  'POST /api/admin/calendar/days': adminInvalid(),
  // A date nothing lists: the admin 404 (the 401/403 refusals are what matter).
  'DELETE /api/admin/calendar/days/[date]': admin({ date: { literal: '1999-01-01' } }, { own: [404] }),
  'PUT /api/admin/processes': admin({}, { body: {}, own: [400] }),
  'POST /api/admin/processes/template-schema/check': adminInvalid(),
  'POST /api/admin/processes/template-schema/acknowledge': adminInvalid(),
  // 分析: a fixture employee manages no department, so a signed-in employee's rightful answer is 403.
  'GET /api/insights/figures/[figure]': user({ figure: { literal: 'volume' } }, { own: [403] }),
  'GET /api/insights/requests': user({}, { query: { metric: { literal: 'started' } }, own: [403] }),
  'GET /api/admin/insight-grants': admin(),
  'POST /api/admin/insight-grants': adminInvalid(),
  'DELETE /api/admin/insight-grants': adminInvalid(),
  'GET /api/attachments/[attachmentId]': user({ attachmentId: 'attachment' }),
  // First-run setup exists only while no admin does (lib/security/complete-setup.ts): 404 for everyone here.
  'POST /api/setup': { auth: 'notFound' },
  'GET /api/auth/[...nextauth]': nextauth(),
  'POST /api/auth/[...nextauth]': nextauth(),
  'POST /api/callbacks/dingtalk/[connectorId]': signature({ connectorId: 'dingtalkConnector' }),
  'POST /api/callbacks/yida/[connectorId]/[action]': signature({
    connectorId: 'yidaConnector',
    action: { literal: 'create' },
  }),
  'GET /api/health': pub(),
  'POST /api/instances/[instanceId]/actions': user(
    { instanceId: 'instance' },
    { body: { action: 'revoke' } },
  ),
  'GET /api/instances/[instanceId]': user({ instanceId: 'instance' }),
  // 催办 (docs/reminders.md): the owner's running request is urged once (200); a repeat within the hour is 429, a
  // request nobody waits on 409.
  'GET /api/instances/[instanceId]/urge': user({ instanceId: 'instance' }),
  'POST /api/instances/[instanceId]/urge': user({ instanceId: 'instance' }, { own: [200, 409, 429] }),
  // 加签 / 退回 / 撤回 / 再次提交: the fixture instance comes from an open-API source, which offers none of them
  // (its owner gets the 409 / 404 that says so; the other employee the usual 403 / 404).
  'GET /api/instances/[instanceId]/more-actions': user({ instanceId: 'instance' }),
  'GET /api/instances/[instanceId]/resubmit': user({ instanceId: 'instance' }, { own: [404] }),
  'POST /api/instances/[instanceId]/resubmit': user(
    { instanceId: 'instance' },
    { body: { values: {} }, own: [404] },
  ),
  'POST /api/tasks/[taskId]/more-actions': user(
    { taskId: 'task' },
    { body: { action: 'withdraw' }, own: [409] },
  ),
  'GET /api/instances/[instanceId]/pdf': user({ instanceId: 'instance' }),
  'PUT /api/me/preferences': user({}, { body: { locale: 'zh-CN' } }),
  'GET /api/me/notices': user(),
  'GET /api/me/delegations': user(),
  // A bad body: the owner's 400 changes nothing (the suite's fixtures have no delegate to name).
  'POST /api/me/delegations': user({}, { body: {}, own: [400] }),
  'DELETE /api/me/delegations/[delegationId]': user({ delegationId: NO_ID }, { own: [404] }),
  'GET /api/me/delegations/processes': user(),
  'PUT /api/me/notices': user({}, { body: { muteTaskNotices: false } }),
  'PATCH /api/me/views/[viewId]': user({ viewId: 'view' }, { body: { name: '改名视图' } }),
  'DELETE /api/me/views/[viewId]': user({ viewId: 'spareView' }),
  'GET /api/me/views': user(),
  'POST /api/me/views': user({}, { body: { name: '矩阵视图', view: 'pending' } }),
  'POST /api/open/v1/batch': apiKey({}, { body: { items: [{ op: 'upsert', instance: pushBody }] } }),
  'GET /api/open/v1/instances/[externalId]': apiKey({ externalId: 'externalId' }),
  'POST /api/open/v1/instances/[externalId]/tasks/[externalTaskId]/[operation]': apiKey(
    { externalId: 'externalId', externalTaskId: 'externalTaskId', operation: { literal: 'complete' } },
    { body: { updatedAt: '2026-01-02T00:00:00Z', result: 'agree' } },
  ),
  'POST /api/open/v1/instances': apiKey({}, { body: pushBody }),
  'GET /api/open/v1/openapi.json': pub(),
  'GET /api/open/v1/tasks': apiKey(),
  'POST /api/task-actions/[actionId]/retry': user({ actionId: 'action' }, { own: [200, 409] }),
  'GET /api/task-actions': user({}, { query: { ids: 'action' }, foreign: [200] }),
  'POST /api/tasks/[taskId]/actions': user(
    { taskId: 'task' },
    { body: { action: 'comment', remark: '矩阵评论' } },
  ),
  'GET /api/live': user({}, { query: { once: { literal: '1' } } }),
  'GET /api/tasks/counts': user(),
  'GET /api/tasks/facets': user(),
  'POST /api/tasks/read': user({}, { body: { taskIds: ['$ccTask'] }, foreign: [200] }),
  'GET /api/tasks': user({}, { query: { view: { literal: 'pending' } } }),
  'GET /api/users': user(),
  // Identities and directory sync (docs/identities.md)
  'GET /api/admin/identities': admin(),
  'GET /api/admin/delegations': admin(),
  'POST /api/admin/delegations': adminInvalid(),
  'DELETE /api/admin/delegations/[delegationId]': admin({ delegationId: NO_ID }, { own: [404] }),
  'GET /api/admin/delegations/policies': admin(),
  'PUT /api/admin/delegations/policies': adminInvalid(),
  'GET /api/admin/identities/handover': admin(),
  'POST /api/admin/identities/bulk-match': adminInvalid(),
  'GET /api/admin/identities/unmapped': admin(),
  'PUT /api/admin/identities/[identityId]/link': adminInvalid({ identityId: NO_ID }),
  'DELETE /api/admin/identities/[identityId]/link': admin({ identityId: NO_ID }, { own: [404] }),
  'GET /api/admin/directory-sync': admin(),
  'POST /api/admin/directory-sync': adminInvalid(),
  // Operations console (docs/operations.md)
  'GET /api/admin/tasks': admin(),
  'POST /api/admin/tasks/[taskId]/reassign': adminInvalid({ taskId: 'task' }),
  'GET /api/admin/audit': admin(),
  'GET /api/admin/audit/export': admin(),
  'GET /api/admin/events': admin(),
  'GET /api/admin/events/[eventId]': admin({ eventId: NO_ID }, { own: [404] }),
  'GET /api/admin/health': admin(),
  'GET /api/admin/health/[connectorId]/series': admin({ connectorId: 'dingtalkConnector' }),
  'GET /api/admin/health/reconciliation': admin(),
  'POST /api/admin/health/reconciliation': admin(),
  'GET /api/admin/health/scrubs': admin(),
  'GET /api/admin/health/notices': admin(),
  'GET /api/admin/operations': admin(),
  'POST /api/admin/operations': adminInvalid(),
  'GET /api/admin/operations/[operationId]': admin({ operationId: NO_ID }, { own: [404] }),
  // Event distribution (docs/event-distribution.md)
  'GET /api/admin/subscriptions': admin(),
  'POST /api/admin/subscriptions': adminInvalid(),
  'GET /api/admin/subscriptions/[subscriptionId]': admin({ subscriptionId: NO_ID }, { own: [404] }),
  'PATCH /api/admin/subscriptions/[subscriptionId]': admin(
    { subscriptionId: NO_ID },
    { body: {}, own: [400, 404] },
  ),
  'DELETE /api/admin/subscriptions/[subscriptionId]': admin({ subscriptionId: NO_ID }, { own: [404] }),
  'GET /api/admin/subscriptions/[subscriptionId]/deliveries': admin(
    { subscriptionId: NO_ID },
    { own: [404] },
  ),
  'POST /api/admin/subscriptions/[subscriptionId]/deliveries/[deliveryId]/redeliver': admin(
    { subscriptionId: NO_ID, deliveryId: NO_ID },
    { own: [404] },
  ),
  'POST /api/admin/subscriptions/[subscriptionId]/secret': admin({ subscriptionId: NO_ID }, { own: [404] }),
  'PUT /api/admin/subscriptions/[subscriptionId]/enabled': adminInvalid({ subscriptionId: NO_ID }),
  // Local workflows (docs/local-workflows.md, docs/local-workflows-designer.md)
  'GET /api/admin/workflows': admin(),
  'POST /api/admin/workflows': adminInvalid(),
  'GET /api/admin/workflows/[definitionId]': admin({ definitionId: NO_ID }, { own: [404] }),
  'PUT /api/admin/workflows/[definitionId]': adminInvalid({ definitionId: NO_ID }),
  'POST /api/admin/workflows/[definitionId]/publish': admin({ definitionId: NO_ID }, { own: [404] }),
  'PUT /api/admin/workflows/[definitionId]/enabled': adminInvalid({ definitionId: NO_ID }),
  'POST /api/admin/workflows/[definitionId]/dingtalk-template': adminInvalid({ definitionId: NO_ID }),
  'GET /api/admin/workflows/[definitionId]/approval-centre': admin({ definitionId: NO_ID }, { own: [404] }),
  'GET /api/admin/dingtalk-connectors': admin(),
  'GET /api/admin/dingtalk-connectors/[connectorId]/templates': admin({ connectorId: 'dingtalkConnector' }),
  'GET /api/admin/dingtalk-connectors/[connectorId]/templates/[processCode]': admin(
    { connectorId: 'dingtalkConnector', processCode: { literal: 'PROC-NO-SUCH' } },
    // The matrix runs no sandbox: reading a template from DingTalk is a 502 (source unreachable).
    { own: [502] },
  ),
  'GET /api/admin/connect-actions': admin(
    {},
    // The matrix runs no sandbox: listing the connect platform's actions is a 502 (source unreachable).
    { query: { connectorId: 'dingtalkConnector' }, own: [502] },
  ),
  'POST /api/admin/local-instances/[instanceId]/cancel': adminInvalid({ instanceId: NO_ID }),
  'GET /api/workflows': user(),
  'GET /api/workflows/[definitionId]': user({ definitionId: NO_ID }, { own: [404] }),
  'POST /api/workflows/[definitionId]/instances': user(
    { definitionId: NO_ID },
    { body: { values: {} }, own: [404] },
  ),
  'POST /api/workflows/[definitionId]/preview': user(
    { definitionId: NO_ID },
    { body: { values: {} }, own: [404] },
  ),
  'POST /api/uploads': user({}, { body: {}, own: [400, 415] }),
};
