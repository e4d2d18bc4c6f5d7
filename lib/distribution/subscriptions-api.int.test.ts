import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { POST as redeliver } from '@/app/api/admin/subscriptions/[subscriptionId]/deliveries/[deliveryId]/redeliver/route';
import { GET as getDeliveries } from '@/app/api/admin/subscriptions/[subscriptionId]/deliveries/route';
import { PUT as putEnabled } from '@/app/api/admin/subscriptions/[subscriptionId]/enabled/route';
import {
  DELETE as deleteOne,
  GET as getOne,
  PATCH as patchOne,
} from '@/app/api/admin/subscriptions/[subscriptionId]/route';
import { POST as rotate } from '@/app/api/admin/subscriptions/[subscriptionId]/secret/route';
import { POST as create, GET as list } from '@/app/api/admin/subscriptions/route';
import { auditLog, deliveries, subscriptions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '@/lib/people/create-user';
import { createApiConnectorWithKey, ensureTestSecretsKey } from '@/lib/testing/factories';

// The routes read the session through next-auth; a test has no cookie, so it names the user.
const session = vi.hoisted(() => ({ userId: undefined as string | undefined }));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  // A signed-in session: next-auth's JWT carries the user id and a session id (lib/auth/config.ts).
  getServerSession: async () =>
    session.userId ? { userId: session.userId, sid: '00000000-0000-4000-8000-000000000001' } : null,
}));

let t: TestDatabase;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ensureTestSecretsKey();
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  for (const [username, role] of [
    ['boss', 'admin'],
    ['emp', 'employee'],
  ] as const) {
    await createUser(t.db, { username, name: username, password: 'test-password-1', role });
    const [row] = await t.db.execute<{ id: string }>(sql`select id from users where username = ${username}`);
    ids[username] = String(row?.id);
  }
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(
  handler: Handler,
  options: { method?: string; params?: Record<string, string>; body?: unknown; query?: string } = {},
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const response = await handler(
    new Request(`http://localhost/api/admin/subscriptions${options.query ?? ''}`, {
      method: options.method ?? 'GET',
      headers: options.body !== undefined ? { 'content-type': 'application/json' } : {},
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    }),
    { params: Promise.resolve(options.params ?? {}) },
  );
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : {} };
}

const validBody = {
  kind: 'webhook',
  name: 'ERP',
  url: 'https://erp.example.com/hooks/huiban',
  eventTypes: ['task.created', 'bpms_instance_change'],
};

test('every subscriptions API answers 401 without a session and 403 to an employee, changing nothing', async () => {
  session.userId = ids.boss;
  const created = await call(create, { method: 'POST', body: validBody });
  expect(created.status).toBe(201);
  const subscriptionId = String((created.json.subscription as { id: string }).id);
  const deliveryId = '00000000-0000-4000-8000-000000000000';
  const params = { subscriptionId };
  const calls: [string, Handler, Parameters<typeof call>[1]][] = [
    ['list', list, {}],
    ['create', create, { method: 'POST', body: validBody }],
    ['get', getOne, { params }],
    ['patch', patchOne, { method: 'PATCH', params, body: { name: 'x' } }],
    ['delete', deleteOne, { method: 'DELETE', params }],
    ['enabled', putEnabled, { method: 'PUT', params, body: { enabled: false } }],
    ['rotate', rotate, { method: 'POST', params }],
    ['deliveries', getDeliveries, { params }],
    ['redeliver', redeliver, { method: 'POST', params: { subscriptionId, deliveryId } }],
  ];
  for (const [who, expected] of [
    [undefined, 401],
    [ids.emp, 403],
  ] as const) {
    session.userId = who;
    for (const [name, handler, options] of calls) {
      const answer = await call(handler, options);
      expect(answer.status, `${name} as ${who ?? 'anonymous'}`).toBe(expected);
      expect(answer.json.error).toMatchObject({ code: expected === 401 ? 'unauthorized' : 'forbidden' });
    }
  }
  const rows = await t.db.select().from(subscriptions);
  expect(rows.map((r) => [r.name, r.enabled])).toEqual([['ERP', true]]);
});

test('the signing secret is shown once on create and on rotation, and never again in any answer', async () => {
  session.userId = ids.boss;
  const created = await call(create, { method: 'POST', body: { ...validBody, name: 'OA' } });
  expect(created.status).toBe(201);
  const secret = String(created.json.secret);
  expect(secret).toMatch(/^whsec_/);
  const subscription = created.json.subscription as { id: string; hasSecret: boolean };
  expect(subscription.hasSecret).toBe(true);
  const params = { subscriptionId: subscription.id };

  const [stored] = await t.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
  expect(stored?.secret).toBeTruthy();
  expect(stored?.secret).not.toContain(secret);
  await t.db.insert(deliveries).values({
    subscriptionId: subscription.id,
    eventKey: 'task.created:x',
    eventType: 'task.created',
    payload: { id: 'evt_x', type: 'task.created', occurredAt: '2026-11-23T08:00:00.000Z', data: {} },
    status: 'dead',
  });

  const rotated = await call(rotate, { method: 'POST', params });
  expect(rotated.status).toBe(200);
  const newSecret = String(rotated.json.secret);
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(secret);

  const answers = [
    await call(list),
    await call(getOne, { params }),
    await call(patchOne, { method: 'PATCH', params, body: { name: 'OA 系统', processCodes: ['PROC-A'] } }),
    await call(putEnabled, { method: 'PUT', params, body: { enabled: false } }),
    await call(putEnabled, { method: 'PUT', params, body: { enabled: true } }),
    await call(getDeliveries, { params }),
  ];
  const [sealed] = await t.db
    .select({ secret: subscriptions.secret })
    .from(subscriptions)
    .where(eq(subscriptions.id, subscription.id));
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain(secret);
    expect(answer.text).not.toContain(newSecret);
    expect(answer.text).not.toContain(String(sealed?.secret));
    expect(answer.text).not.toContain('whsec_');
  }
  expect(answers[2]?.json).toMatchObject({ name: 'OA 系统', processCodes: ['PROC-A'] });
  expect(answers[5]?.json.items as unknown[]).toHaveLength(1);

  // The audit trail names the changes and never carries the secret.
  const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, subscription.id));
  expect(audit.map((a) => a.action)).toEqual(
    expect.arrayContaining([
      'subscription.create',
      'subscription.rotate_secret',
      'subscription.update',
      'subscription.pause',
      'subscription.resume',
    ]),
  );
  expect(JSON.stringify(audit)).not.toContain('whsec_');
});

test('bad input is a 400 with reasons, unknown ids 404, and an API callback subscription is not listed or editable', async () => {
  session.userId = ids.boss;
  const bad = await call(create, {
    method: 'POST',
    body: { ...validBody, url: 'ftp://x', eventTypes: ['nope'] },
  });
  expect(bad.status).toBe(400);
  expect((bad.json.error as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
    'body.eventTypes.0',
    'body.url',
  ]);
  const unknownConnector = await call(create, {
    method: 'POST',
    body: { ...validBody, connectorIds: ['00000000-0000-4000-8000-000000000001'] },
  });
  expect(unknownConnector.status).toBe(400);
  const noTrigger = await call(create, {
    method: 'POST',
    body: {
      kind: 'connect_trigger',
      name: 't',
      eventTypes: ['task.created'],
      dingtalkConnectorId: '00000000-0000-4000-8000-000000000001',
      triggerId: 'G-TRIGGER-1',
      appId: '1',
    },
  });
  expect(noTrigger.status).toBe(400);
  expect(
    (await call(getOne, { params: { subscriptionId: '00000000-0000-4000-8000-000000000002' } })).status,
  ).toBe(404);
  expect((await call(getOne, { params: { subscriptionId: 'not-a-uuid' } })).status).toBe(400);
  expect(
    (
      await call(getDeliveries, {
        params: { subscriptionId: '00000000-0000-4000-8000-000000000002' },
        query: '?status=bogus',
      })
    ).status,
  ).toBe(400);

  const api = await createApiConnectorWithKey(t.db, { callbackUrl: 'https://oa.example.com/callback' });
  const [callback] = await t.db.select().from(subscriptions).where(eq(subscriptions.kind, 'callback'));
  expect(callback?.connectorIds).toEqual([api.id]);
  const listed = await call(list);
  expect((listed.json.subscriptions as { id: string }[]).map((s) => s.id)).not.toContain(callback?.id);
  expect((await call(getOne, { params: { subscriptionId: callback?.id ?? '' } })).status).toBe(404);
  expect(
    (await call(deleteOne, { method: 'DELETE', params: { subscriptionId: callback?.id ?? '' } })).status,
  ).toBe(404);
});
