import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { connectors, inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { decryptCallback, encryptCallback, signCallback } from '@/lib/connectors/dingtalk/callback-crypto';
import { startConnectorCacheInvalidation } from '@/lib/connectors/load-connector';
import { yidaPushSign } from '@/lib/connectors/yida/signature';
import { createDingTalkConnector, createYidaConnector } from '@/lib/testing/factories';
import { TEST_APP, TEST_CORP_ID, TEST_YIDA } from '@/sandbox/scenarios/minimal';
import { startPathRouter } from './path-router';
import { type IngestServer, startIngestServer } from './start-ingest-server';

/** One of this helper's assigned ports for an ingest listener in tests. */
const INGEST_TEST_PORT = 3308;

let t: TestDatabase;
let ingest: IngestServer;
let stopInvalidation: () => Promise<void>;
let dingtalkId: string;
let yidaId: string;
type Answer = { status: number; contentType: string | null; body: string };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: 'http://127.0.0.1:9',
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
  }));
  ({ id: yidaId } = await createYidaConnector(t.db, {
    sandboxUrl: 'http://127.0.0.1:9',
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
  }));
  stopInvalidation = await startConnectorCacheInvalidation(getDb());
  ingest = await startIngestServer({ port: INGEST_TEST_PORT, host: '127.0.0.1' });
});

afterAll(async () => {
  await ingest?.close();
  await stopInvalidation?.();
  await closeDb();
  await t?.drop();
});

type Vector = { path: string; query?: Record<string, string>; contentType: string; body: string };

/** The Next route handler, called as Next calls it. */
async function viaNext(v: Vector, requestId: string): Promise<Answer> {
  const url = `http://localhost${v.path}?${new URLSearchParams(v.query ?? {})}`;
  const segments = v.path.split('/');
  const request = new Request(url, {
    method: 'POST',
    headers: { 'content-type': v.contentType, 'x-request-id': requestId },
    body: v.body,
  });
  let response: Response;
  if (v.path.startsWith('/api/callbacks/dingtalk/')) {
    const { POST } = await import('@/app/api/callbacks/dingtalk/[connectorId]/route');
    response = await POST(request, { params: Promise.resolve({ connectorId: segments[4] ?? '' }) });
  } else {
    const { POST } = await import('@/app/api/callbacks/yida/[connectorId]/[action]/route');
    response = await POST(request, {
      params: Promise.resolve({ connectorId: segments[4] ?? '', action: segments[5] ?? '' }),
    });
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

/** The ingest listener, over HTTP. */
async function viaIngest(v: Vector, requestId: string, port = ingest.port): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}${v.path}?${new URLSearchParams(v.query ?? {})}`, {
    method: 'POST',
    headers: { 'content-type': v.contentType, 'x-request-id': requestId },
    body: v.body,
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

function dingtalkVector(plaintext: string, overrides: { token?: string; connector?: string } = {}): Vector {
  const encrypt = encryptCallback(TEST_APP.aesKey, TEST_APP.clientId, plaintext);
  const timestamp = String(Date.now());
  const nonce = 'n0nce123';
  const signature = signCallback(overrides.token ?? TEST_APP.callbackToken, timestamp, nonce, encrypt);
  return {
    path: `/api/callbacks/dingtalk/${overrides.connector ?? dingtalkId}`,
    query: { msg_signature: signature, timestamp, nonce },
    contentType: 'application/json',
    body: JSON.stringify({ encrypt }),
  };
}

function yidaVector(action: string, params: Record<string, string>, connector = yidaId): Vector {
  return {
    path: `/api/callbacks/yida/${connector}/${action}`,
    contentType: 'application/json',
    body: JSON.stringify(params),
  };
}

function yidaSigned(params: Record<string, string>, token: string = TEST_YIDA.systemToken) {
  return { ...params, sign: yidaPushSign(params, token) };
}

/** The encrypted `success` is fresh per answer (random padding, timeStamp): compare what it says instead. */
function normalise(answer: Answer): unknown {
  if (answer.status !== 200 || !answer.body.includes('"encrypt"')) return answer;
  const reply = JSON.parse(answer.body) as Record<string, string>;
  return {
    ...answer,
    body: {
      keys: Object.keys(reply),
      nonce: reply.nonce,
      plaintext: decryptCallback(TEST_APP.aesKey, TEST_APP.clientId, reply.encrypt ?? ''),
      isSigned:
        reply.msg_signature ===
        signCallback(TEST_APP.callbackToken, reply.timeStamp ?? '', reply.nonce ?? '', reply.encrypt ?? ''),
    },
  };
}

/** The test vectors: every answer of both protocols (stored, redelivered, refused, malformed). */
function protocolVectors(): [string, Vector][] {
  const event = (id: string) =>
    JSON.stringify({
      EventType: 'bpms_task_change',
      eventId: id,
      processInstanceId: `p-${id}`,
      type: 'start',
    });
  const now = String(Date.now());
  const yidaGood = yidaSigned({
    appType: TEST_YIDA.appType,
    corpId: TEST_CORP_ID,
    formInstId: randomUUID(),
    dateTime: now,
  });
  return [
    ['dingtalk: an event (stored, then a redelivery)', dingtalkVector(event('ev-1'))],
    ['dingtalk: check_url', dingtalkVector(JSON.stringify({ EventType: 'check_url' }))],
    ['dingtalk: unknown connector', dingtalkVector(event('ev-2'), { connector: randomUUID() })],
    ['dingtalk: not a uuid', dingtalkVector(event('ev-2'), { connector: 'not-a-uuid' })],
    ['dingtalk: wrong token', dingtalkVector(event('ev-2'), { token: 'wrong-token' })],
    ['dingtalk: no signature', { ...dingtalkVector(event('ev-2')), query: {} }],
    ['dingtalk: broken JSON', { ...dingtalkVector(event('ev-2')), body: '{"encrypt":' }],
    ['dingtalk: no encrypt', { ...dingtalkVector(event('ev-2')), body: '{"nothing":1}' }],
    ['dingtalk: too large', { ...dingtalkVector(event('ev-2')), body: 'x'.repeat(300 * 1024) }],
    ['yida: a push (stored, then a redelivery)', yidaVector('delete', yidaGood)],
    ['yida: unknown action', yidaVector('approve', yidaGood)],
    ['yida: unknown connector', yidaVector('delete', yidaGood, randomUUID())],
    ['yida: bad sign', yidaVector('delete', { ...yidaGood, sign: 'f'.repeat(32) })],
    ['yida: no dateTime', yidaVector('delete', { appType: TEST_YIDA.appType, sign: yidaGood.sign })],
    ['yida: broken JSON', { ...yidaVector('delete', yidaGood), body: '{"dateTime":' }],
    [
      'yida: form-encoded',
      {
        path: `/api/callbacks/yida/${yidaId}/delete`,
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams(
          yidaSigned({
            appType: TEST_YIDA.appType,
            corpId: TEST_CORP_ID,
            formInstId: randomUUID(),
            dateTime: now,
          }),
        ).toString(),
      },
    ],
  ];
}

test("the listener answers DingTalk's and Yida's protocols byte for byte as the Next routes do", async () => {
  const vectors = protocolVectors();
  for (const [i, [name, vector]] of vectors.entries()) {
    // The first answer stores the event; the second is a redelivery: both sides must answer it alike.
    const next = await viaNext(vector, `vec-${i}`);
    const listener = await viaIngest(vector, `vec-${i}`);
    expect({ name, ...(normalise(listener) as object) }).toEqual({ name, ...(normalise(next) as object) });
  }
  expect(await t.db.$count(inboundEvents, eq(inboundEvents.connectorId, dingtalkId))).toBe(1);
  expect(await t.db.$count(inboundEvents, eq(inboundEvents.connectorId, yidaId))).toBe(2);
});

test('the listener refuses a connector as soon as it is disabled (its cache is invalidated on change)', async () => {
  const event = JSON.stringify({
    EventType: 'bpms_task_change',
    eventId: 'ev-off',
    processInstanceId: 'p-off',
  });
  expect((await viaIngest(dingtalkVector(event), 'warm')).status).toBe(200);
  await t.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, dingtalkId));
  await expect
    .poll(async () => (await viaIngest(dingtalkVector(`${event} `), 'off')).status, { timeout: 5_000 })
    .toBe(404);
  await t.db.update(connectors).set({ enabled: true }).where(eq(connectors.id, dingtalkId));
  await expect
    .poll(async () => (await viaIngest(dingtalkVector(event), 'on')).status, { timeout: 5_000 })
    .toBe(200);
});

test("npm start's path router: callbacks reach the listener and answer as the Next routes; pages go to the web app", async () => {
  // The web app's stand-in (a production build is not part of the int suite): it echoes what it was sent.
  const web = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-served-by': 'web' });
    res.end(JSON.stringify({ url: req.url, forwardedFor: req.headers['x-forwarded-for'] ?? null }));
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const router = await startPathRouter({
    port: 0,
    host: '127.0.0.1',
    webPort: (web.address() as AddressInfo).port,
    ingestPort: ingest.port,
  });
  try {
    for (const [i, [name, vector]] of protocolVectors().entries()) {
      const next = await viaNext(vector, `route-${i}`);
      const routed = await viaIngest(vector, `route-${i}`, router.port);
      expect({ name, ...(normalise(routed) as object) }).toEqual({ name, ...(normalise(next) as object) });
    }

    // Everything else is the web app's; a client cannot choose the address it is seen from.
    const page = await fetch(`http://127.0.0.1:${router.port}/inbox/pending?x=1`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(page.headers.get('x-served-by')).toBe('web');
    expect(await page.json()).toEqual({ url: '/inbox/pending?x=1', forwardedFor: '127.0.0.1' });
    // A GET on a callback path is the listener's answer, not a page.
    const get = await fetch(`http://127.0.0.1:${router.port}/api/callbacks/dingtalk/${dingtalkId}`);
    expect(get.status).toBe(405);
  } finally {
    await router.close();
    await new Promise((resolve) => web.close(resolve));
  }
});

test("behind an operator's trusted proxy, the router extends its X-Forwarded-For instead of dropping it", async () => {
  const seen: (string | undefined)[] = [];
  const web = createServer((req, res) => {
    seen.push(req.headers['x-forwarded-for'] as string | undefined);
    res.end('ok');
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const router = await startPathRouter({
    port: 0,
    host: '127.0.0.1',
    webPort: (web.address() as AddressInfo).port,
    ingestPort: ingest.port,
    trustedProxies: '127.0.0.1',
  });
  try {
    await fetch(`http://127.0.0.1:${router.port}/`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(seen).toEqual(['203.0.113.9, 127.0.0.1']);
  } finally {
    await router.close();
    await new Promise((resolve) => web.close(resolve));
  }
});
