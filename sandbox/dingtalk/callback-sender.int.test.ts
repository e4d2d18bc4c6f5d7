import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { encryptedCallbackReply, openCallbackMessage } from '../crypto/dingtalk-callback';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP, TEST_PROCESS_CODE } from '../scenarios/minimal';
import { appToken, call, waitFor } from '../testing';

/** A minimal Huiban-like receiver: verify, decrypt with the owner key (= appKey), answer encrypted `success`. */
type Received = { query: Record<string, string>; plaintext: Record<string, unknown> };

let sandbox: RunningSandbox;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let mode: 'ok' | 'plain' | 'wrong-key' | 'slow' = 'ok';

const secrets = { token: TEST_APP.callbackToken, aesKey: TEST_APP.aesKey, ownerKey: TEST_APP.clientId };

beforeAll(async () => {
  sandbox = await startSandbox();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const query = Object.fromEntries(url.searchParams);
      const { encrypt } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { encrypt: string };
      const plaintext = openCallbackMessage(secrets, {
        signature: query.msg_signature ?? query.signature ?? '',
        timestamp: query.timestamp ?? '',
        nonce: query.nonce ?? '',
        encrypt,
      });
      received.push({ query, plaintext: JSON.parse(plaintext) as Record<string, unknown> });
      const reply =
        mode === 'wrong-key'
          ? encryptedCallbackReply({ ...secrets, ownerKey: 'dingsomeoneelse' })
          : encryptedCallbackReply(secrets, 'success', query.timestamp, query.nonce);
      const send = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(mode === 'plain' ? 'success' : JSON.stringify(reply));
      };
      if (mode === 'slow') setTimeout(send, 400);
      else send();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/callbacks/dingtalk/c1`;
});

afterAll(async () => {
  await sandbox.close();
  await new Promise((r) => receiver.close(r));
});

beforeEach(() => {
  sandbox.control.reset(minimalScenario(), { callbackRetryDelaysMs: [50, 50], callbackReplyDeadlineMs: 300 });
  received = [];
  mode = 'ok';
});

afterEach(async () => {
  mode = 'ok';
  await sandbox.control.waitForIdle();
});

function startApproval(): string {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '显示器' },
  });
  return String(started.processInstanceId);
}

test('registration posts check_url; events arrive encrypted with the flattened HTTP envelope; the encrypted success is accepted', async () => {
  const reg = await sandbox.control.registerCallback({ clientId: TEST_APP.clientId, url: receiverUrl });
  expect(reg).toEqual({ ok: true });
  expect(received[0]!.plaintext).toEqual({ EventType: 'check_url' });
  expect(Object.keys(received[0]!.query).sort()).toEqual(['msg_signature', 'nonce', 'timestamp']);

  const id = startApproval();
  sandbox.control.act(id, { userId: 'u2', action: 'agree', remark: '同意' });
  await sandbox.control.waitForIdle();

  const events = received.slice(1).map((r) => r.plaintext);
  expect(events.map((e) => [e.EventType, e.type])).toEqual([
    ['bpms_instance_change', 'start'],
    ['bpms_task_change', 'start'],
    ['bpms_instance_change', 'finish'],
    ['bpms_task_change', 'finish'],
  ]);
  const log = sandbox.control.events({ processInstanceId: id });
  for (const [i, e] of events.entries()) {
    expect(e).toMatchObject({ CorpId: 'dingtestcorp0001', eventId: log[i]!.eventId, processInstanceId: id });
    expect(typeof e.EventTime).toBe('number');
    expect(typeof e.BizId).toBe('string');
  }
  expect(events[3]).toMatchObject({ result: 'agree', remark: '同意', staffId: 'u2' });
  const deliveries = sandbox.control.callbackDeliveries();
  expect(deliveries.every((d) => d.ok && d.attempt === 1)).toBe(true);
  // Nothing goes to Stream while the app is in HTTP mode.
  expect(sandbox.control.streamDeliveries()).toEqual([]);
});

test('registration fails when the reply is not the encrypted success, and the app stays in Stream mode', async () => {
  mode = 'plain';
  const reg = await sandbox.control.registerCallback({ clientId: TEST_APP.clientId, url: receiverUrl });
  expect(reg.ok).toBe(false);
  expect(reg.error).toBe('reply is not JSON');
  mode = 'wrong-key';
  const again = await sandbox.control.registerCallback({ clientId: TEST_APP.clientId, url: receiverUrl });
  expect(again.error).toBe('reply does not decrypt with the owner key');
  expect((sandbox.control.summary().orgs as { apps: { pushMode: string }[] }[])[0]!.apps[0]!.pushMode).toBe(
    'stream',
  );
});

test('a failing receiver gets the retries, then the event lands in get_call_back_failed_result (drained per call)', async () => {
  await sandbox.control.registerCallback({ clientId: TEST_APP.clientId, url: receiverUrl });
  mode = 'slow'; // misses the 300 ms deadline
  startApproval();
  await waitFor(async () => {
    await sandbox.control.waitForIdle();
    return true;
  });
  const attempts = sandbox.control.callbackDeliveries().filter((d) => d.kind === 'event');
  expect(attempts).toHaveLength(6);
  expect(attempts.every((d) => !d.ok && d.error === 'deadline exceeded')).toBe(true);
  expect(attempts.map((d) => d.attempt).sort()).toEqual([1, 1, 2, 2, 3, 3]);
  // The receiver saw each event three times with the same eventId.
  const ids = received.slice(1).map((r) => r.plaintext.eventId);
  expect(new Set(ids).size).toBe(2);

  const token = await appToken(sandbox.url, TEST_APP);
  const failed = await call<{ errcode: number; has_more: boolean; failed_list: Record<string, unknown>[] }>(
    sandbox.url,
    'GET',
    '/call_back/get_call_back_failed_result',
    { oldToken: token },
  );
  expect(failed.body.errcode).toBe(0);
  expect(failed.body.has_more).toBe(false);
  expect(failed.body.failed_list.map((f) => f.call_back_tag)).toEqual([
    'bpms_instance_change',
    'bpms_task_change',
  ]);
  expect(failed.body.failed_list[0]).toMatchObject({
    bpms_instance_change: { corpid: 'dingtestcorp0001', bpmsCallBackData: { type: 'start' } },
  });
  const drained = await call<{ failed_list: unknown[] }>(
    sandbox.url,
    'GET',
    '/call_back/get_call_back_failed_result',
    { oldToken: token },
  );
  expect(drained.body.failed_list).toEqual([]);
});

test('the old register_call_back API uses the corpId as owner key (§3.1)', async () => {
  const token = await appToken(sandbox.url, TEST_APP);
  const corpSecrets = { ...secrets, ownerKey: 'dingtestcorp0001' };
  const corpReceiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const q = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
      const { encrypt } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { encrypt: string };
      openCallbackMessage(corpSecrets, {
        signature: q.msg_signature ?? '',
        timestamp: q.timestamp ?? '',
        nonce: q.nonce ?? '',
        encrypt,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(encryptedCallbackReply(corpSecrets)));
    });
  });
  await new Promise<void>((resolve) => corpReceiver.listen(0, '127.0.0.1', () => resolve()));
  try {
    const url = `http://127.0.0.1:${(corpReceiver.address() as AddressInfo).port}/cb`;
    const res = await call(sandbox.url, 'POST', '/call_back/register_call_back', {
      oldToken: token,
      body: {
        call_back_tag: ['bpms_task_change'],
        token: TEST_APP.callbackToken,
        aes_key: TEST_APP.aesKey,
        url,
      },
    });
    expect(res.body).toEqual({ errcode: 0, errmsg: 'ok' });
    const dup = await call(sandbox.url, 'POST', '/call_back/register_call_back', {
      oldToken: token,
      body: {
        call_back_tag: ['bpms_task_change'],
        token: TEST_APP.callbackToken,
        aes_key: TEST_APP.aesKey,
        url,
      },
    });
    expect(dup.body).toMatchObject({ errcode: 71006 });
    startApproval();
    await sandbox.control.waitForIdle();
    const events = sandbox.control.callbackDeliveries().filter((d) => d.kind === 'event');
    // Only the subscribed tag is pushed.
    expect(events.map((d) => [d.eventType, d.ok])).toEqual([['bpms_task_change', true]]);
  } finally {
    await new Promise((r) => corpReceiver.close(r));
  }
});
