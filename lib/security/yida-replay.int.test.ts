import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { receiveYidaPush } from '@/lib/connectors/yida/receive-push';
import { yidaPushSign } from '@/lib/connectors/yida/signature';
import { createYidaConnector } from '@/lib/testing/factories';

const YIDA = { appType: 'APP_REPLAY', systemToken: `REPLAY-${randomUUID()}`, formUuid: 'FORM-REPLAY' };
let t: TestDatabase;
let connectorId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  connectorId = (
    await createYidaConnector(t.db, {
      sandboxUrl: 'http://127.0.0.1:9',
      corpId: 'ding-replay',
      app: { clientId: 'replay', clientSecret: `replay-${randomUUID()}` },
      yida: YIDA,
      operatorUserId: 'op',
    })
  ).id;
});
afterAll(async () => {
  await t.drop();
});

function push(action: string, params: Record<string, string>) {
  const body = JSON.stringify({ ...params, sign: yidaPushSign(params, YIDA.systemToken) });
  return receiveYidaPush(t.db, {
    connectorId,
    action,
    contentType: 'application/json',
    rawBody: body,
    query: new URLSearchParams(),
  });
}

async function events() {
  const [row] = await t.db
    .select({ n: count() })
    .from(inboundEvents)
    .where(eq(inboundEvents.connectorId, connectorId));
  return row?.n ?? 0;
}

test('a signed complete push replayed to the cancel URL is refused (and a create replayed as cc)', async () => {
  const complete = {
    appType: YIDA.appType,
    corpId: 'ding-replay',
    taskId: '2846866145',
    actualWorkId: 'user1',
    formInstId: randomUUID(),
    dateTime: String(Date.now()),
  };
  await expect(push('complete', complete)).resolves.toEqual({ success: true });
  // The same push again on its own URL is an idempotent duplicate, not an error.
  await expect(push('complete', complete)).resolves.toEqual({ success: true });
  await expect(push('cancel', complete)).rejects.toMatchObject({ code: 'invalid_signature' });

  const task = JSON.stringify({
    appType: YIDA.appType,
    formInstanceId: randomUUID(),
    taskId: '2846866146',
    actionerId: ['user2'],
    originatorCorpId: 'ding-replay',
  });
  const create = { task, dateTime: String(Date.now()) };
  await expect(push('create', create)).resolves.toEqual({ success: true });
  await expect(push('cc', create)).rejects.toMatchObject({ code: 'invalid_signature' });
  expect(await events()).toBe(2);
});
