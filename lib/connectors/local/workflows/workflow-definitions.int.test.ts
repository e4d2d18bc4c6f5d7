import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import * as enabledRoute from '@/app/api/admin/workflows/[definitionId]/enabled/route';
import * as publishRoute from '@/app/api/admin/workflows/[definitionId]/publish/route';
import * as detailRoute from '@/app/api/admin/workflows/[definitionId]/route';
import * as listRoute from '@/app/api/admin/workflows/route';
import * as startFormRoute from '@/app/api/workflows/[definitionId]/route';
import * as startableRoute from '@/app/api/workflows/route';
import { auditLog, users, workflowDefinitions, workflowVersions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { WorkflowBody } from '@/lib/connectors/local/definition-schema';
import { createUsers } from '@/lib/testing/factories';

// The routes read the session through next-auth; a test has no cookie, so it names the user.
const session = vi.hoisted(() => ({ userId: undefined as string | undefined }));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  // A signed-in session: next-auth's JWT carries the user id and a session id (lib/auth/config.ts).
  getServerSession: async () =>
    session.userId ? { userId: session.userId, sid: '00000000-0000-4000-8000-000000000001' } : null,
}));

let t: TestDatabase;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(t.db, [
    { username: 'wfadmin', name: '管理员' },
    { username: 'zhang', name: '张三' },
    { username: 'li', name: '李四' },
  ]);
  await t.db
    .update(users)
    .set({ role: 'admin' })
    .where(eq(users.id, ids.wfadmin as string));
  await t.db
    .update(users)
    .set({ department: '财务部' })
    .where(eq(users.id, ids.li as string));
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

// biome-ignore lint/suspicious/noExplicitAny: the answers of six routes, read field by field in assertions
type Json = any;

async function call(
  as: string | undefined,
  handler: Handler,
  init: { method?: string; params?: Record<string, string>; json?: unknown } = {},
): Promise<{ status: number; body: Json }> {
  session.userId = as ? ids[as] : undefined;
  const request = new Request('http://localhost/api/test', {
    method: init.method ?? 'GET',
    headers: init.json === undefined ? {} : { 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function reimbursement(approverId: string, extraField = false): WorkflowBody {
  return {
    form: {
      fields: [
        { key: 'reason', label: '报销事由', type: 'textarea', required: true },
        { key: 'amount', label: '金额', type: 'money', required: true, min: 0 },
        ...(extraField ? [{ key: 'project', label: '项目', type: 'text' as const, required: false }] : []),
      ],
    },
    steps: [
      {
        id: 'approve',
        name: '主管审批',
        kind: 'approval',
        assignee: { type: 'users', userIds: [approverId] },
        mode: 'sequential',
      },
      { id: 'cc', name: '抄送财务', kind: 'cc', assignee: { type: 'role', role: 'admin' } },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
}

const info = { name: '费用报销', description: '差旅、招待等费用', category: '财务' };

test('draft → publish v1 → edit → publish v2: v1 rows stay intact, the start form follows the published version', async () => {
  const created = await call('wfadmin', listRoute.POST, {
    method: 'POST',
    json: { key: 'expense', ...info },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect(created.body).toMatchObject({ key: 'expense', publishedVersion: null, enabled: true });
  expect(created.body.draftIssues.length).toBeGreaterThan(0);

  // Unpublished: not startable, the start form is 404.
  expect((await call('zhang', startableRoute.GET)).body.items).toEqual([]);
  expect((await call('zhang', startFormRoute.GET, { params: { definitionId: id } })).status).toBe(404);

  const saved = await call('wfadmin', detailRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: { ...info, starters: { all: true }, draft: reimbursement(ids.li as string) },
  });
  expect(saved.status).toBe(200);
  expect(saved.body.draftIssues).toEqual([]);

  const v1 = await call('wfadmin', publishRoute.POST, { method: 'POST', params: { definitionId: id } });
  expect(v1.status).toBe(200);
  expect(v1.body.publishedVersion).toBe(1);
  const [v1Row] = await t.db
    .select()
    .from(workflowVersions)
    .where(and(eq(workflowVersions.definitionId, id), eq(workflowVersions.version, 1)));
  expect(v1Row?.formSchema).toEqual(reimbursement(ids.li as string).form);

  const list = await call('wfadmin', listRoute.GET);
  expect(list.body.items).toEqual([
    expect.objectContaining({ id, publishedVersion: 1, hasUnpublishedChanges: false, enabled: true }),
  ]);

  const startable = await call('zhang', startableRoute.GET);
  expect(startable.body.items).toEqual([
    { id, key: 'expense', name: '费用报销', description: '差旅、招待等费用', category: '财务', version: 1 },
  ]);

  // Edit: the draft changes, the published version and the start form do not until published.
  await call('wfadmin', detailRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: { ...info, starters: { all: true }, draft: reimbursement(ids.li as string, true) },
  });
  expect((await call('wfadmin', listRoute.GET)).body.items[0].hasUnpublishedChanges).toBe(true);
  const stillV1 = await call('zhang', startFormRoute.GET, { params: { definitionId: id } });
  expect(stillV1.body.version).toBe(1);
  expect(stillV1.body.form.fields).toHaveLength(2);

  const v2 = await call('wfadmin', publishRoute.POST, { method: 'POST', params: { definitionId: id } });
  expect(v2.body.publishedVersion).toBe(2);
  expect(v2.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  const startForm = await call('zhang', startFormRoute.GET, { params: { definitionId: id } });
  expect(startForm.body).toMatchObject({ version: 2 });
  expect(startForm.body.form.fields.map((f: { key: string }) => f.key)).toEqual([
    'reason',
    'amount',
    'project',
  ]);

  const [v1After] = await t.db
    .select()
    .from(workflowVersions)
    .where(and(eq(workflowVersions.definitionId, id), eq(workflowVersions.version, 1)));
  expect(v1After).toEqual(v1Row);

  const audits = await t.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.targetId, id));
  expect(audits.map((a) => a.action).sort()).toEqual([
    'workflow.create',
    'workflow.publish',
    'workflow.publish',
    'workflow.save_draft',
    'workflow.save_draft',
  ]);
});

test('disabling hides a definition from 发起申请 and its start form; enabling brings it back', async () => {
  const created = await call('wfadmin', listRoute.POST, {
    method: 'POST',
    json: { key: 'travel', ...info, name: '出差申请' },
  });
  const id = created.body.id as string;
  await call('wfadmin', detailRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: { ...info, name: '出差申请', starters: { all: true }, draft: reimbursement(ids.li as string) },
  });
  await call('wfadmin', publishRoute.POST, { method: 'POST', params: { definitionId: id } });
  const names = async () =>
    (await call('zhang', startableRoute.GET)).body.items.map((i: { name: string }) => i.name);
  expect(await names()).toContain('出差申请');

  const off = await call('wfadmin', enabledRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: { enabled: false },
  });
  expect(off.body.enabled).toBe(false);
  expect(await names()).not.toContain('出差申请');
  expect((await call('zhang', startFormRoute.GET, { params: { definitionId: id } })).status).toBe(404);

  await call('wfadmin', enabledRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: { enabled: true },
  });
  expect(await names()).toContain('出差申请');
});

test('starters: only named users and departments see and open a restricted definition', async () => {
  const created = await call('wfadmin', listRoute.POST, {
    method: 'POST',
    json: { key: 'finance-only', ...info, name: '财务付款' },
  });
  const id = created.body.id as string;
  await call('wfadmin', detailRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: {
      ...info,
      name: '财务付款',
      starters: { userIds: [], departments: ['财务部'] },
      draft: reimbursement(ids.wfadmin as string),
    },
  });
  await call('wfadmin', publishRoute.POST, { method: 'POST', params: { definitionId: id } });

  const seen = async (who: string) =>
    (await call(who, startableRoute.GET)).body.items.map((i: { name: string }) => i.name);
  expect(await seen('li')).toContain('财务付款');
  expect(await seen('zhang')).not.toContain('财务付款');
  expect((await call('li', startFormRoute.GET, { params: { definitionId: id } })).status).toBe(200);
  expect((await call('zhang', startFormRoute.GET, { params: { definitionId: id } })).status).toBe(404);

  // Naming the user directly also works.
  await call('wfadmin', detailRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: {
      ...info,
      name: '财务付款',
      starters: { userIds: [ids.zhang], departments: [] },
      draft: reimbursement(ids.wfadmin as string),
    },
  });
  expect(await seen('zhang')).toContain('财务付款');
  expect(await seen('li')).not.toContain('财务付款');
});

test('a bad draft is saved with its problems, but publishing answers 400 with issues at the field and step, writing nothing', async () => {
  const created = await call('wfadmin', listRoute.POST, {
    method: 'POST',
    json: { key: 'broken', ...info, name: '坏流程' },
  });
  const id = created.body.id as string;
  const bad = {
    form: {
      fields: [
        { key: '1bad', label: '金额', type: 'money', required: true },
        { key: 'who', label: '', type: 'text' },
      ],
    },
    steps: [
      { id: 'a', name: '审批', kind: 'approval', assignee: { type: 'users', userIds: [] }, mode: 'all' },
    ],
  };
  const saved = await call('wfadmin', detailRoute.PUT, {
    method: 'PUT',
    params: { definitionId: id },
    json: { ...info, name: '坏流程', starters: { all: true }, draft: bad },
  });
  expect(saved.status).toBe(200);
  const savedPaths = saved.body.draftIssues.map((i: { path: string }) => i.path);
  expect(savedPaths).toEqual(
    expect.arrayContaining(['form.fields.0.key', 'form.fields.1.label', 'steps.0.assignee.userIds']),
  );

  const published = await call('wfadmin', publishRoute.POST, {
    method: 'POST',
    params: { definitionId: id },
  });
  expect(published.status).toBe(400);
  expect(published.body.error.code).toBe('validation_failed');
  const paths = published.body.error.issues.map((i: { path: string }) => i.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      'draft.form.fields.0.key',
      'draft.form.fields.1.label',
      'draft.steps.0.assignee.userIds',
    ]),
  );
  expect(
    published.body.error.issues.find((i: { path: string }) => i.path === 'draft.form.fields.0.key').message,
  ).toBe('字段标识须以字母开头，只含字母、数字和下划线');
  expect(await t.db.select().from(workflowVersions).where(eq(workflowVersions.definitionId, id))).toEqual([]);
  const [row] = await t.db.select().from(workflowDefinitions).where(eq(workflowDefinitions.id, id));
  expect(row?.publishedVersion).toBeNull();

  // Malformed input to the API itself: 400 with reasons, no 500.
  const badKey = await call('wfadmin', listRoute.POST, {
    method: 'POST',
    json: { key: 'Has Space', name: '' },
  });
  expect(badKey.status).toBe(400);
  expect(badKey.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.key', 'body.name']);
  const duplicate = await call('wfadmin', listRoute.POST, {
    method: 'POST',
    json: { key: 'broken', name: 'x' },
  });
  expect(duplicate.status).toBe(409);
  const unknown = await call('wfadmin', publishRoute.POST, {
    method: 'POST',
    params: { definitionId: '00000000-0000-4000-8000-000000000000' },
  });
  expect(unknown.status).toBe(404);
  expect((await call('wfadmin', detailRoute.GET, { params: { definitionId: 'nope' } })).status).toBe(400);
});

test('admin APIs: 401 for anonymous, 403 for an employee, on every route; employee routes need a session', async () => {
  const [any] = await t.db.select({ id: workflowDefinitions.id }).from(workflowDefinitions).limit(1);
  const params = { definitionId: any?.id as string };
  const cases: [Handler, { method?: string; params?: Record<string, string>; json?: unknown }][] = [
    [listRoute.GET, {}],
    [listRoute.POST, { method: 'POST', json: { key: 'sneaky', name: 'x' } }],
    [detailRoute.GET, { params }],
    [
      detailRoute.PUT,
      { method: 'PUT', params, json: { name: 'x', starters: { all: true }, draft: { form: {}, steps: [] } } },
    ],
    [publishRoute.POST, { method: 'POST', params }],
    [enabledRoute.PUT, { method: 'PUT', params, json: { enabled: false } }],
  ];
  for (const [handler, init] of cases) {
    const anonymous = await call(undefined, handler, init);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
    const employee = await call('zhang', handler, init);
    expect(employee.status).toBe(403);
    expect(employee.body.error.code).toBe('forbidden');
  }
  expect((await call(undefined, startableRoute.GET)).status).toBe(401);
  expect((await call(undefined, startFormRoute.GET, { params })).status).toBe(401);
  // Nothing changed by the refused calls.
  const [row] = await t.db
    .select()
    .from(workflowDefinitions)
    .where(eq(workflowDefinitions.id, params.definitionId));
  expect(row?.enabled).toBe(true);
  expect(await t.db.select().from(workflowDefinitions).where(eq(workflowDefinitions.key, 'sneaky'))).toEqual(
    [],
  );
});
