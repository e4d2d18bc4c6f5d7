import { randomUUID } from 'node:crypto';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiKeys, connectors, identities, processInstances, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { createApiConnectorWithKey, createDingTalkConnector, createUsers } from '@/lib/testing/factories';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Routes = {
  instances: Handler;
  instance: Handler;
  operation: Handler;
  tasks: Handler;
  batch: Handler;
  openapi: Handler;
};

let t: TestDatabase;
let routes: Routes;
let ids: Record<string, string>;
let api: { id: string; key: string; keyId: string };
let other: { id: string; key: string; keyId: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(t.db, [
    { username: 'alice', name: '爱丽丝', email: 'alice@test.example', mobile: '13800000001' },
    { username: 'bob', name: '鲍勃', email: 'bob@test.example', mobile: '13800000002' },
    { username: 'carol', name: '卡罗', email: 'carol@test.example' },
  ]);
  // Carol is known to Huiban through DingTalk: a pushed DingTalk userId reaches her through that identity.
  const dingtalk = await createDingTalkConnector(t.db, {
    sandboxUrl: 'http://127.0.0.1:9',
    corpId: 'ding-corp',
    app: { clientId: 'c', clientSecret: 's' },
  });
  await t.db
    .insert(identities)
    .values({ connectorId: dingtalk.id, externalUserId: 'dt-carol', userId: ids.carol, matchedBy: 'manual' });
  api = await createApiConnectorWithKey(t.db, { name: 'ERP' });
  other = await createApiConnectorWithKey(t.db, { name: 'CRM' });
  routes = {
    instances: (await import('@/app/api/open/v1/instances/route')).POST,
    instance: (await import('@/app/api/open/v1/instances/[externalId]/route')).GET,
    operation: (
      await import('@/app/api/open/v1/instances/[externalId]/tasks/[externalTaskId]/[operation]/route')
    ).POST,
    tasks: (await import('@/app/api/open/v1/tasks/route')).GET,
    batch: (await import('@/app/api/open/v1/batch/route')).POST,
    openapi: (await import('@/app/api/open/v1/openapi.json/route')).GET,
  };
});

afterAll(async () => {
  await t?.drop();
});

async function call(
  handler: Handler,
  path: string,
  options: { key?: string | null; body?: unknown; rawBody?: string; params?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? api.key}`;
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const response = await handler(
    new Request(`http://localhost/api/open/v1${path}`, {
      method: hasBody ? 'POST' : 'GET',
      headers,
      body: options.rawBody ?? (hasBody ? JSON.stringify(options.body) : undefined),
    }),
    { params: Promise.resolve(options.params ?? {}) },
  );
  // biome-ignore lint/suspicious/noExplicitAny: the test reads JSON answers by path
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function purchase(externalId: string, updatedAt: string, overrides: Record<string, unknown> = {}) {
  return {
    externalId,
    title: `采购 ${externalId}`,
    originator: { email: 'bob@test.example', name: '鲍勃' },
    summary: '金额 ¥ 1,000',
    formValues: [{ name: '金额', value: 1000 }],
    pcUrl: `https://erp.test.example/po/${externalId}`,
    createdAt: '2026-11-01T08:00:00Z',
    updatedAt,
    tasks: [
      { externalTaskId: `${externalId}-1`, assignee: { email: 'ALICE@test.example' }, nodeName: '主管审批' },
      { externalTaskId: `${externalId}-2`, assignee: { dingtalkUserId: 'dt-carol' }, kind: 'cc' },
      { externalTaskId: `${externalId}-3`, assignee: { mobile: '13999999999', name: '外部' } },
    ],
    logs: [
      {
        externalRecordId: `${externalId}-start`,
        actor: { userId: ids.bob },
        action: 'start',
        occurredAt: '2026-11-01T08:00:00Z',
      },
    ],
    ...overrides,
  };
}

async function rowsOf(connectorId: string) {
  const instances = await t.db
    .select({
      id: processInstances.id,
      externalId: processInstances.externalId,
      title: processInstances.title,
      status: processInstances.status,
      originatorUserId: processInstances.originatorUserId,
      sourceUpdatedAt: processInstances.sourceUpdatedAt,
    })
    .from(processInstances)
    .where(eq(processInstances.connectorId, connectorId))
    .orderBy(asc(processInstances.externalId));
  const taskRows = await t.db
    .select({
      id: tasks.id,
      externalTaskId: tasks.externalTaskId,
      kind: tasks.kind,
      status: tasks.status,
      result: tasks.result,
      assigneeUserId: tasks.assigneeUserId,
      assigneeExternalId: tasks.assigneeExternalId,
      finishedAt: tasks.finishedAt,
      sourceUpdatedAt: tasks.sourceUpdatedAt,
    })
    .from(tasks)
    .where(eq(tasks.connectorId, connectorId))
    .orderBy(asc(tasks.externalTaskId));
  return { instances, tasks: taskRows };
}

const complete = (externalId: string, n: number, body: Record<string, unknown>, key?: string) =>
  call(routes.operation, `/instances/${externalId}/tasks/${externalId}-${n}/complete`, {
    key,
    body,
    params: { externalId, externalTaskId: `${externalId}-${n}`, operation: 'complete' },
  });

test('create → complete → replay of the same calls ends in the same rows', async () => {
  const created = await call(routes.instances, '/instances', {
    body: purchase('PO-1', '2026-11-01T08:00:00Z'),
  });
  expect(created).toEqual({
    status: 200,
    body: { ok: true, outcome: 'created', instanceExternalId: 'PO-1' },
  });

  // People: email (any case), DingTalk userId through the DingTalk identity, unknown mobile kept unmapped.
  const afterCreate = await rowsOf(api.id);
  expect(afterCreate.instances[0]).toMatchObject({ status: 'running', originatorUserId: ids.bob });
  expect(afterCreate.tasks.map((r) => [r.externalTaskId, r.kind, r.status, r.assigneeUserId])).toEqual([
    ['PO-1-1', 'approval', 'pending', ids.alice],
    ['PO-1-2', 'cc', 'pending', ids.carol],
    ['PO-1-3', 'approval', 'pending', null],
  ]);
  expect(afterCreate.tasks[2]?.assigneeExternalId).toBe('mobile:13999999999');
  const inbox = await listInbox(
    t.db,
    { userId: ids.alice!, name: 'alice', isAdmin: false },
    { view: 'pending' },
  );
  expect(inbox.items.map((i) => [i.title, i.source, i.summary])).toEqual([
    ['采购 PO-1', 'api', '金额 ¥ 1,000'],
  ]);

  const done = await complete('PO-1', 1, { updatedAt: '2026-11-01T09:00:00Z', result: 'agree' });
  expect(done).toEqual({
    status: 200,
    body: { ok: true, outcome: 'updated', instanceExternalId: 'PO-1', externalTaskId: 'PO-1-1' },
  });
  const afterComplete = await rowsOf(api.id);
  expect(afterComplete.tasks[0]).toMatchObject({ status: 'done', result: 'agree' });
  expect(afterComplete.tasks[0]?.finishedAt?.toISOString()).toBe('2026-11-01T09:00:00.000Z');

  // The whole sequence again: same rows (same ids, same states).
  await call(routes.instances, '/instances', { body: purchase('PO-1', '2026-11-01T08:00:00Z') });
  await complete('PO-1', 1, { updatedAt: '2026-11-01T09:00:00Z', result: 'agree' });
  expect(await rowsOf(api.id)).toEqual(afterComplete);

  const state = await call(routes.instance, '/instances/PO-1', { params: { externalId: 'PO-1' } });
  expect(state.status).toBe(200);
  expect(
    state.body.tasks.map((x: { externalTaskId: string; status: string }) => [x.externalTaskId, x.status]),
  ).toEqual([
    ['PO-1-1', 'done'],
    ['PO-1-2', 'pending'],
    ['PO-1-3', 'pending'],
  ]);
  const listed = await call(routes.tasks, '/tasks?status=done');
  expect(listed.body.tasks.map((x: { externalTaskId: string }) => x.externalTaskId)).toEqual(['PO-1-1']);
});

test('a stale updatedAt is ignored and reported as stale', async () => {
  await call(routes.instances, '/instances', { body: purchase('PO-2', '2026-11-02T10:00:00Z') });
  await complete('PO-2', 1, { updatedAt: '2026-11-02T11:00:00Z', result: 'refuse' });
  const before = await rowsOf(api.id);

  const oldUpsert = await call(routes.instances, '/instances', {
    body: purchase('PO-2', '2026-11-02T09:00:00Z', { title: '旧标题' }),
  });
  expect(oldUpsert.body).toMatchObject({ ok: true, outcome: 'stale' });
  const oldComplete = await complete('PO-2', 1, { updatedAt: '2026-11-02T10:30:00Z', result: 'agree' });
  expect(oldComplete.body).toMatchObject({ ok: true, outcome: 'stale' });
  const oldCancel = await call(routes.operation, '/instances/PO-2/tasks/PO-2-1/cancel', {
    body: { updatedAt: '2026-11-02T10:59:59Z' },
    params: { externalId: 'PO-2', externalTaskId: 'PO-2-1', operation: 'cancel' },
  });
  expect(oldCancel.body).toMatchObject({ ok: true, outcome: 'stale' });
  expect(await rowsOf(api.id)).toEqual(before);

  // A newer upsert is the whole truth: it states task 1's result, and no longer listing task 3 withdraws it.
  const newer = purchase('PO-2', '2026-11-02T12:00:00Z');
  newer.tasks = [{ ...newer.tasks[0], status: 'done', result: 'refuse' } as never, newer.tasks[1]!];
  expect((await call(routes.instances, '/instances', { body: newer })).body.outcome).toBe('updated');
  const after = await rowsOf(api.id);
  expect(after.tasks.find((r) => r.externalTaskId === 'PO-2-3')?.status).toBe('cancelled');
  expect(after.tasks.find((r) => r.externalTaskId === 'PO-2-1')).toMatchObject({
    status: 'done',
    result: 'refuse',
  });
});

test('a 500-item batch answers per item and writes only the valid items', async () => {
  const items: unknown[] = [];
  const invalid = new Map<number, string>();
  for (let i = 0; i < 500; i += 1) {
    const externalId = `B-${i}`;
    if (i % 25 === 3) {
      items.push({ op: 'upsert', instance: { ...purchase(externalId, '2026-11-03T08:00:00Z'), title: '' } });
      invalid.set(i, 'instance.title');
    } else if (i % 25 === 7) {
      items.push({ op: 'upsert', instance: purchase(externalId, 'yesterday') });
      invalid.set(i, 'instance.updatedAt');
    } else if (i % 25 === 11) {
      // Well-formed but names a Huiban user that does not exist: rejected when applied, alone.
      const bad = purchase(externalId, '2026-11-03T08:00:00Z');
      bad.tasks[0] = { externalTaskId: `${externalId}-1`, assignee: { userId: randomUUID() } } as never;
      items.push({ op: 'upsert', instance: bad });
      invalid.set(i, 'userId');
    } else if (i % 25 === 13) {
      items.push({ op: 'explode', instanceExternalId: externalId });
      invalid.set(i, 'op');
    } else {
      items.push({ op: 'upsert', instance: purchase(externalId, '2026-11-03T08:00:00Z') });
    }
  }
  const answer = await call(routes.batch, '/batch', { body: { items } });
  expect(answer.status).toBe(200);
  expect(answer.body.summary).toEqual({ total: 500, ok: 500 - invalid.size, failed: invalid.size });
  for (const [i, result] of (
    answer.body.results as { index: number; ok: boolean; issues?: { path: string }[] }[]
  ).entries()) {
    expect(result.index).toBe(i);
    expect(result.ok).toBe(!invalid.has(i));
    if (invalid.has(i)) expect(result.issues?.map((x) => x.path).join(' ')).toContain(invalid.get(i));
  }
  const [stored] = await t.db
    .select({ n: count() })
    .from(processInstances)
    .where(eq(processInstances.connectorId, api.id));
  const rows = await rowsOf(api.id);
  const batchInstances = rows.instances.filter((r) => r.externalId.startsWith('B-'));
  expect(batchInstances).toHaveLength(500 - invalid.size);
  expect(batchInstances.some((r) => invalid.has(Number(r.externalId.slice(2))))).toBe(false);
  expect(stored?.n).toBe(500 - invalid.size + 2);

  // Task operations in a batch, including one on an unknown task.
  const ops = await call(routes.batch, '/batch', {
    body: {
      items: [
        {
          op: 'complete',
          instanceExternalId: 'B-0',
          externalTaskId: 'B-0-1',
          updatedAt: '2026-11-03T09:00:00Z',
        },
        {
          op: 'delete',
          instanceExternalId: 'B-1',
          externalTaskId: 'B-1-3',
          updatedAt: '2026-11-03T09:00:00Z',
        },
        {
          op: 'cancel',
          instanceExternalId: 'B-1',
          externalTaskId: 'nope',
          updatedAt: '2026-11-03T09:00:00Z',
        },
      ],
    },
  });
  expect(ops.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
    'updated',
    'updated',
    'not_found',
  ]);
  const after = await rowsOf(api.id);
  expect(after.tasks.find((r) => r.externalTaskId === 'B-0-1')).toMatchObject({
    status: 'done',
    result: 'none',
  });
  expect(after.tasks.find((r) => r.externalTaskId === 'B-1-3')?.status).toBe('deleted');
});

test("another connector's key cannot read or change these tasks", async () => {
  const before = await rowsOf(api.id);
  const read = await call(routes.instance, '/instances/PO-1', {
    key: other.key,
    params: { externalId: 'PO-1' },
  });
  expect(read.status).toBe(404);
  expect(read.body.error.code).toBe('not_found');
  const change = await complete('PO-1', 2, { updatedAt: '2030-01-01T00:00:00Z' }, other.key);
  expect(change.status).toBe(404);
  const batch = await call(routes.batch, '/batch', {
    key: other.key,
    body: {
      items: [
        {
          op: 'cancel',
          instanceExternalId: 'PO-1',
          externalTaskId: 'PO-1-2',
          updatedAt: '2030-01-01T00:00:00Z',
        },
      ],
    },
  });
  expect(batch.body.results[0]).toMatchObject({ ok: false, outcome: 'not_found' });
  expect((await call(routes.tasks, '/tasks', { key: other.key })).body.tasks).toEqual([]);
  // The same external id pushed by the other connector is its own instance, not ours.
  await call(routes.instances, '/instances', {
    key: other.key,
    body: purchase('PO-1', '2030-01-01T00:00:00Z'),
  });
  expect(await rowsOf(api.id)).toEqual(before);
  expect((await rowsOf(other.id)).instances).toHaveLength(1);
});

test('wrong, missing or revoked key → 401; disabled connector → 403; nothing written', async () => {
  const body = purchase('AUTH-1', '2026-11-04T08:00:00Z');
  expect((await call(routes.instances, '/instances', { key: 'hbk_wrong', body })).status).toBe(401);
  const missing = await call(routes.instances, '/instances', { key: null, body });
  expect(missing.status).toBe(401);
  expect(missing.body.error.code).toBe('unauthorized');
  const revoked = await createApiConnectorWithKey(t.db, { name: 'revoked' });
  await t.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, revoked.keyId));
  expect((await call(routes.instances, '/instances', { key: revoked.key, body })).status).toBe(401);
  const disabled = await createApiConnectorWithKey(t.db, { name: 'disabled' });
  await t.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, disabled.id));
  expect((await call(routes.instances, '/instances', { key: disabled.key, body })).status).toBe(403);
  const [n] = await t.db
    .select({ n: count() })
    .from(processInstances)
    .where(eq(processInstances.externalId, 'AUTH-1'));
  expect(n?.n).toBe(0);
  // A key in use shows when it was last used.
  const [key] = await t.db
    .select({ lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(eq(apiKeys.id, api.keyId));
  expect(key?.lastUsedAt).toBeInstanceOf(Date);
});

test('malformed requests → 400 with the reason, nothing written', async () => {
  const bad = await call(routes.instances, '/instances', { rawBody: '{"externalId":' });
  expect(bad.status).toBe(400);
  expect(bad.body.error.code).toBe('invalid_json');
  const noUpdatedAt = await call(routes.instances, '/instances', {
    body: { ...purchase('BAD-1', '2026-11-04T08:00:00Z'), updatedAt: undefined },
  });
  expect(noUpdatedAt.status).toBe(400);
  expect(noUpdatedAt.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['body.updatedAt']);
  const twoIds = purchase('BAD-2', '2026-11-04T08:00:00Z');
  twoIds.tasks[0] = { externalTaskId: 'x', assignee: { email: 'a@test.example', mobile: '123456' } } as never;
  expect((await call(routes.instances, '/instances', { body: twoIds })).status).toBe(400);
  const ghost = purchase('BAD-3', '2026-11-04T08:00:00Z');
  ghost.tasks[0] = { externalTaskId: 'g', assignee: { userId: randomUUID() } } as never;
  const unknownUser = await call(routes.instances, '/instances', { body: ghost });
  expect(unknownUser.status).toBe(400);
  expect(unknownUser.body.error.message).toContain('unknown Huiban user');
  const nul = await call(routes.instances, '/instances', {
    body: purchase('BAD-4', '2026-11-04T08:00:00Z', { title: 'a\u0000b' }),
  });
  expect(nul.status).toBe(400);
  expect(nul.body.error.issues[0].message).toContain('NUL');
  const nulOp = await call(routes.batch, '/batch', {
    body: {
      items: [
        {
          op: 'cancel',
          instanceExternalId: 'P\u0000',
          externalTaskId: 'x',
          updatedAt: '2026-11-04T08:00:00Z',
        },
      ],
    },
  });
  expect(nulOp.body.results[0]).toMatchObject({ ok: false, outcome: 'invalid' });
  const tooMany = await call(routes.batch, '/batch', {
    body: { items: Array.from({ length: 501 }, () => ({})) },
  });
  expect(tooMany.status).toBe(400);
  expect(
    (
      await call(routes.operation, '/instances/PO-1/tasks/PO-1-1/approve', {
        body: { updatedAt: '2026-11-04T08:00:00Z' },
        params: { externalId: 'PO-1', externalTaskId: 'PO-1-1', operation: 'approve' },
      })
    ).status,
  ).toBe(400);
  const [n] = await t.db
    .select({ n: count() })
    .from(processInstances)
    .where(inArray(processInstances.externalId, ['BAD-1', 'BAD-2', 'BAD-3', 'BAD-4']));
  expect(n?.n).toBe(0);
});

test('openapi.json describes every operation with component schemas derived from the zod schemas', async () => {
  const { status, body: doc } = await call(routes.openapi, '/openapi.json', { key: null });
  expect(status).toBe(200);
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths).sort()).toEqual([
    '/batch',
    '/instances',
    '/instances/{externalId}',
    '/instances/{externalId}/tasks/{externalTaskId}/cancel',
    '/instances/{externalId}/tasks/{externalTaskId}/complete',
    '/instances/{externalId}/tasks/{externalTaskId}/delete',
    '/tasks',
  ]);
  const schemas = doc.components.schemas;
  expect(schemas.InstanceUpsert.required).toEqual(
    expect.arrayContaining(['externalId', 'title', 'updatedAt']),
  );
  expect(schemas.InstanceUpsert.properties.updatedAt.format).toBe('date-time');
  expect(schemas.InstanceUpsert.properties.tasks.items).toEqual({ $ref: '#/components/schemas/TaskInput' });
  expect(schemas.TaskInput.properties.assignee).toEqual({ $ref: '#/components/schemas/PersonRef' });
  expect(schemas.BatchRequest.properties.items.maxItems).toBe(500);
  expect(schemas.PersonRef.properties.email.format).toBe('email');
  // Every $ref resolves, every operation has responses, and the bearer scheme is declared.
  for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)) {
    expect(schemas[name as string], name).toBeDefined();
  }
  for (const item of Object.values(doc.paths) as Record<
    string,
    { responses: object; operationId: string }
  >[]) {
    for (const op of Object.values(item)) {
      expect(op.operationId).toBeTruthy();
      expect(Object.keys(op.responses)).toContain('200');
    }
  }
  expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(doc.paths['/tasks'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
    'status',
    'instanceExternalId',
    'limit',
  ]);
});
