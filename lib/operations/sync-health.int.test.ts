import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, connectors, inboundEvents, workerHeartbeats } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { flushApiUsage, meterApiCall } from '@/lib/connectors/meter-api-calls';
import { getHealth } from '@/lib/operations/get-health';
import { exportAuditLogCsvAsAdmin, searchAuditLogAsAdmin } from '@/lib/operations/search-audit-log';
import { createUsers } from '@/lib/testing/factories';
import { getAdminOperationAsAdmin, listAdminOperationsAsAdmin } from './admin-operations';
import { getConnectorSyncHealth, getEventSeriesAsAdmin } from './get-sync-health';
import { getInboundEventAsAdmin, searchInboundEventsAsAdmin } from './search-inbound-events';

let t: TestDatabase;
// The admin reads ask only for the admin flag; no user row is needed behind it.
const admin: Viewer = { userId: '00000000-0000-4000-8000-000000000001', name: 'Admin', isAdmin: true };
const member: Viewer = { ...admin, isAdmin: false };
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);

beforeAll(async () => {
  process.env.HEALTH_TOKEN = 'health-test-token';
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

async function connector(
  name: string,
  health = {},
  config: Record<string, unknown> = { deliveryMode: 'http' },
) {
  const [row] = await t.db
    .insert(connectors)
    .values({ kind: 'dingtalk', name, corpId: 'corp', config: { clientId: 'c', ...config }, health })
    .returning({ id: connectors.id });
  return row!.id;
}

let n = 0;
async function event(
  connectorId: string,
  e: { receivedAt: Date; processedAt?: Date; status?: 'processed' | 'received' | 'failed' | 'dead' },
) {
  n += 1;
  await t.db.insert(inboundEvents).values({
    connectorId,
    sourceEventId: `ev-${n}`,
    type: 'bpms_task_change',
    instanceExternalId: `PI-${n}`,
    payload: {},
    receivedAt: e.receivedAt,
    processedAt: e.processedAt ?? null,
    status: e.status ?? (e.processedAt ? 'processed' : 'received'),
  });
}

test('lag percentiles, backlog, dead letters and API usage come out of known rows', async () => {
  const id = await connector('钉钉 A', {
    lastReconcileAt: ago(60_000).toISOString(),
    lastReconcile: { staleRepaired: 2, errors: 0 },
  });
  // Ten events processed in the last hour with lags 100 ms … 1000 ms, 1 s apart inside one 5-minute bucket of
  // the series (so a bucket boundary never splits them, whatever the clock); one older event outside the hour.
  const bucketMs = 5 * 60_000;
  const first = new Date(Math.floor(ago(30 * 60_000).getTime() / bucketMs) * bucketMs + 60_000);
  for (let i = 1; i <= 10; i++) {
    const receivedAt = new Date(first.getTime() + i * 1000);
    await event(id, { receivedAt, processedAt: new Date(receivedAt.getTime() + i * 100) });
  }
  await event(id, { receivedAt: ago(2 * 3600_000), processedAt: ago(2 * 3600_000 - 60_000) });
  for (let i = 0; i < 50; i++) meterApiCall(id, now);
  await flushApiUsage(t.db);
  meterApiCall(id, now);
  await flushApiUsage(t.db);

  const [a] = await getConnectorSyncHealth(t.db, { now, connectorId: id });
  // percentile_cont over 100…1000: p50 = 550, p95 = 955.
  expect(a).toMatchObject({
    status: 'ok',
    reasons: [],
    lagP50Ms: 550,
    lagP95Ms: 955,
    processedLastHour: 10,
    backlog: 0,
    dead: 0,
    apiCalls: 51,
    apiQuota: 5000,
    lastReconcile: { staleRepaired: 2, errors: 0 },
    usesStream: false,
  });
  expect(a?.lastEventAt).toBe(new Date(first.getTime() + 10 * 1000).toISOString());

  // Two events waiting 3 minutes and a dead one: degraded, with reasons.
  await event(id, { receivedAt: ago(3 * 60_000) });
  await event(id, { receivedAt: ago(60_000), status: 'failed' });
  await event(id, { receivedAt: ago(10 * 60_000), status: 'dead' });
  const [b] = await getConnectorSyncHealth(t.db, { now, connectorId: id });
  expect(b).toMatchObject({
    status: 'degraded',
    backlog: 2,
    failed: 1,
    dead: 1,
    reasons: ['backlog_slow', 'dead_letters'],
  });
  expect(b?.oldestBacklogAt).toBe(ago(3 * 60_000).toISOString());

  // The 5-minute series over the last hour: 12 buckets, the 10 recent events in them.
  const series = await getEventSeriesAsAdmin(t.db, admin, { connectorId: id, range: '1h', now });
  expect(series).toHaveLength(12);
  expect(series.reduce((s, x) => s + x.received, 0)).toBe(13);
  expect(series.reduce((s, x) => s + x.dead, 0)).toBe(1);
  const busy = series.find((x) => x.processed === 10);
  expect(busy?.lagP95Ms).toBe(955);
  expect((await getEventSeriesAsAdmin(t.db, admin, { connectorId: id, range: '24h', now })).length).toBe(288);
});

test('/api/health: degraded by a connector, down by a lost stream or a stuck backlog (still 200); disabled connectors are not judged', async () => {
  await t.db
    .insert(workerHeartbeats)
    .values({ workerId: 'w', hostname: 'h', pid: 1, startedAt: now, lastBeatAt: new Date() });
  process.env.DATABASE_URL = t.url;
  const { GET } = await import('@/app/api/health/route');
  // Details need the health token (or an admin session); anonymous monitors get the status only.
  const anonymous = await GET(new Request('http://localhost/api/health'), { params: Promise.resolve({}) });
  expect(await anonymous.json()).toEqual({ status: 'ok' });
  const call = async () => {
    const response = await GET(
      new Request('http://localhost/api/health', { headers: { authorization: 'Bearer health-test-token' } }),
      { params: Promise.resolve({}) },
    );
    return { status: response.status, body: await response.json() };
  };
  // From the first test: connector A is degraded (backlog, dead letter).
  const first = await call();
  expect(first.status).toBe(200);
  expect(first.body.status).toBe('degraded');
  expect(first.body.connectors).toHaveLength(1);
  expect(first.body.connectors[0]).toMatchObject({ kind: 'dingtalk', status: 'degraded' });
  // Public and cheap: no names, settings or errors.
  expect(Object.keys(first.body.connectors[0]).sort()).toEqual(['id', 'kind', 'reasons', 'status']);
  expect(JSON.stringify(first.body)).not.toContain('钉钉 A');

  // A Stream connector disconnected for ten minutes: down (200 still: the web app itself is fine).
  await connector(
    '钉钉 B',
    {
      streamState: 'disconnected',
      stream: {
        reconnectAttempts: 7,
        lastError: 'x',
        connectedSince: null,
        nextRetryAt: null,
        changedAt: ago(600_000).toISOString(),
      },
    },
    { deliveryMode: 'stream' },
  );
  const down = await call();
  expect(down.status).toBe(200);
  expect(down.body.status).toBe('down');
  expect(down.body.connectors.map((c: { status: string }) => c.status).sort()).toEqual(['degraded', 'down']);

  // A connector whose oldest waiting event is 20 minutes old is down too; a disabled one is not judged.
  const c = await connector('钉钉 C');
  await event(c, { receivedAt: ago(20 * 60_000) });
  const [health] = await getConnectorSyncHealth(t.db, { now, connectorId: c });
  expect(health).toMatchObject({ status: 'down', reasons: ['backlog_stuck'] });
  const d = await connector('钉钉 D');
  await event(d, { receivedAt: ago(20 * 60_000), status: 'dead' });
  const { eq } = await import('drizzle-orm');
  await t.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, d));
  const all = await getHealth(t.db, { staleSeconds: 150, now });
  expect(all.connectors.map((x) => x.id)).not.toContain(d);
});

test('audit search and the CSV export: BOM, header, escaping of commas, quotes, newlines and formulas', async () => {
  const ids = await createUsers(t.db, [{ username: 'auditor', name: '审计, "王"' }]);
  const tricky = '同意,但是"预算"需复核\n第二行';
  await t.db.insert(auditLog).values([
    {
      actorUserId: ids.auditor!,
      action: 'task.agree',
      targetType: 'task',
      targetId: 't-1',
      details: { remark: tricky },
      ip: '10.0.0.1',
    },
    {
      actorUserId: ids.auditor!,
      action: 'connector.update',
      targetType: 'connector',
      targetId: 'c-1',
      details: { fields: ['name'] },
    },
    { actorUserId: null, action: '=cmd|calc', targetType: 'x', targetId: '+1' },
  ]);
  const found = await searchAuditLogAsAdmin(t.db, admin, { action: 'task.', page: 1, pageSize: 50 });
  expect(found.total).toBe(1);
  expect(found.items[0]).toMatchObject({ actorName: '审计, "王"', action: 'task.agree', ip: '10.0.0.1' });
  expect((await searchAuditLogAsAdmin(t.db, admin, { actor: '审计', page: 1, pageSize: 50 })).total).toBe(2);

  const text = await new Response(exportAuditLogCsvAsAdmin(t.db, admin, {})).text();
  const bytes = Buffer.from(await new Response(exportAuditLogCsvAsAdmin(t.db, admin, {})).arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  expect(lines[0]).toBe(
    '时间 time,操作人 actor,操作人ID actor id,代表 on behalf of,操作 action,对象类型 target type,对象ID target id,对象名称 target name,详情 details,IP,User-Agent',
  );
  // Newest first: the formula row is neutralised.
  expect(lines[1]).toContain(",,,,'=cmd|calc,x,'+1,,{},,");
  // Times in the company zone (Asia/Shanghai unless HUIBAN_TIME_ZONE says otherwise) with the offset.
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+08:00,/);
  // The tricky remark: quoted, quotes doubled, the newline kept inside the quotes.
  expect(text).toContain('"审计, ""王"""');
  expect(text).toContain('"{""remark"":""同意,但是\\""预算\\""需复核\\n第二行""}"');
  // A filtered export holds only the matching rows.
  const filtered = await new Response(
    exportAuditLogCsvAsAdmin(t.db, admin, { targetType: 'connector' }),
  ).text();
  expect(filtered.trim().split('\r\n')).toHaveLength(2);
});

test('the admin reads refuse a viewer who is not an admin (403), whatever the route asked', async () => {
  const filter = { page: 1, pageSize: 50 };
  await expect(searchAuditLogAsAdmin(t.db, member, filter)).rejects.toMatchObject({ code: 'forbidden' });
  expect(() => exportAuditLogCsvAsAdmin(t.db, member, {})).toThrow(
    expect.objectContaining({ code: 'forbidden' }),
  );
  await expect(
    getEventSeriesAsAdmin(t.db, member, { connectorId: admin.userId, range: '1h' }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  await expect(searchInboundEventsAsAdmin(t.db, member, filter)).rejects.toMatchObject({ code: 'forbidden' });
  await expect(getInboundEventAsAdmin(t.db, member, admin.userId)).rejects.toMatchObject({
    code: 'forbidden',
  });
  await expect(listAdminOperationsAsAdmin(t.db, member)).rejects.toMatchObject({ code: 'forbidden' });
  await expect(getAdminOperationAsAdmin(t.db, member, admin.userId)).rejects.toMatchObject({
    code: 'forbidden',
  });
});

// The audit page showed bare UUIDs: the target and the ids in the details now come with their names.
test('audit rows name their target and the ids in their details', async () => {
  const ids = await createUsers(t.db, [
    { username: 'acting', name: '经办人' },
    { username: 'receiver', name: '接收人' },
  ]);
  const [connector] = await t.db.insert(connectors).values({ kind: 'api', name: '报销系统' }).returning();
  const gone = '00000000-0000-4000-8000-0000000000aa';
  await t.db.insert(auditLog).values([
    {
      actorUserId: ids.acting!,
      action: 'names.check',
      targetType: 'connector',
      targetId: connector!.id,
      details: { targetUserId: ids.receiver!, nested: { ids: [gone, ids.acting!] }, remark: 'x' },
    },
  ]);
  const found = await searchAuditLogAsAdmin(t.db, admin, { action: 'names.', page: 1, pageSize: 50 });
  expect(found.items[0]).toMatchObject({
    targetName: '报销系统',
    names: { [ids.receiver!]: '接收人', [ids.acting!]: '经办人' },
  });
  expect(found.items[0]!.names[gone]).toBeUndefined();
  const csv = await new Response(exportAuditLogCsvAsAdmin(t.db, admin, { action: 'names.' }, 'UTC')).text();
  expect(csv).toContain(`,connector,${connector!.id},报销系统,`);
  expect(csv.split('\r\n')[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00,/);
});
