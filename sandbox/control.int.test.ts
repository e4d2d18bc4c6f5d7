import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from './index';
import { DEMO_PROCESS_CODES, DEMO_YIDA } from './scenarios/demo';
import { call } from './testing';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

test('the HTTP control API drives the same operations as the in-process handle', async () => {
  const health = await call(sandbox.url, 'GET', '/health');
  expect(health.body).toEqual({ ok: true });
  expect(
    (
      await call(sandbox.url, 'POST', '/__control/reset', {
        body: { scenario: 'demo', options: { qpsLimit: 0 } },
      })
    ).body,
  ).toEqual({ ok: true });
  const options = await call<{ qpsLimit: number }>(sandbox.url, 'GET', '/__control/options');
  expect(options.body.qpsLimit).toBe(0);

  const started = await call<{ processInstanceId: string; status: string; tasks: { userId: string }[] }>(
    sandbox.url,
    'POST',
    '/__control/instances',
    {
      body: {
        processCode: DEMO_PROCESS_CODES.leave,
        originatorUserId: 'zhangsan',
        approvers: [{ actionType: 'NONE', userIds: ['wangmin'] }],
        form: { 请假类型: '事假', 请假事由: '办事' },
        files: [{ fileName: '证明.txt', text: '证明材料' }],
      },
    },
  );
  expect(started.status).toBe(201);
  expect(started.body.tasks.map((t) => t.userId)).toEqual(['wangmin']);
  const id = started.body.processInstanceId;

  const wrongUser = await call(sandbox.url, 'POST', `/__control/instances/${id}/act`, {
    body: { userId: 'lisi', action: 'agree' },
  });
  expect(wrongUser.status).toBe(409);
  expect(wrongUser.body).toMatchObject({ error: { code: 'no_running_task' } });
  const badInput = await call(sandbox.url, 'POST', `/__control/instances/${id}/act`, {
    body: { userId: 'wangmin', action: 'approve' },
  });
  expect(badInput.status).toBe(400);
  const acted = await call<{ status: string; result: string }>(
    sandbox.url,
    'POST',
    `/__control/instances/${id}/act`,
    {
      body: { userId: 'wangmin', action: 'agree', remark: '同意' },
    },
  );
  expect(acted.body).toMatchObject({ status: 'COMPLETED', result: 'agree' });

  const events = await call<{ eventType: string }[]>(
    sandbox.url,
    'GET',
    `/__control/events?processInstanceId=${id}`,
  );
  expect(events.body.map((e) => e.eventType)).toEqual([
    'bpms_instance_change',
    'bpms_task_change',
    'bpms_instance_change',
    'bpms_task_change',
  ]);
  const files = await call<{ fileId: string; sha256: string }[]>(
    sandbox.url,
    'GET',
    `/__control/files?processInstanceId=${id}`,
  );
  expect(files.body).toHaveLength(1);
  const file = await call<{ downloadUrl: string; size: number }>(
    sandbox.url,
    'GET',
    `/__control/files/${files.body[0]!.fileId}`,
  );
  expect(Buffer.from(await (await fetch(file.body.downloadUrl)).arrayBuffer()).toString()).toBe('证明材料');

  expect(
    (await call(sandbox.url, 'PATCH', '/__control/faults/deliveries', { body: { dropPercent: 50 } })).body,
  ).toMatchObject({ dropPercent: 50 });
  expect(
    (await call(sandbox.url, 'POST', '/__control/faults/calls', { body: { kind: '5xx', count: 1 } })).status,
  ).toBe(201);
  expect((await call(sandbox.url, 'DELETE', '/__control/faults')).body).toEqual({ ok: true });
  expect((await call(sandbox.url, 'POST', '/__control/clock/advance', { body: { ms: 1000 } })).status).toBe(
    200,
  );

  const yida = await call<{ processInstanceId: string }[]>(
    sandbox.url,
    'GET',
    `/__control/yida/instances?appType=${DEMO_YIDA.appType}`,
  );
  expect(yida.body).toHaveLength(4);
  expect(
    (
      await call(sandbox.url, 'PUT', `/__control/yida/apps/${DEMO_YIDA.appType}/push-targets`, {
        body: { create: 'http://127.0.0.1:1/x' },
      })
    ).status,
  ).toBe(200);
  const push = await call<{ outcome: string }>(sandbox.url, 'POST', '/__control/yida/pushes', {
    body: { processInstanceId: yida.body[0]!.processInstanceId, action: 'create' },
  });
  expect(push.status).toBe(201);
  expect(
    (await call(sandbox.url, 'POST', '/__control/wait-idle', { body: { timeoutMs: 5000 } })).body,
  ).toEqual({ ok: true });
  const pushes = await call<{ outcome: string }[]>(sandbox.url, 'GET', '/__control/yida/pushes');
  expect(pushes.body.at(-1)?.outcome).toBe('network-error');

  const state = await call<{ orgs: { instances: number }[] }>(sandbox.url, 'GET', '/__control/state');
  expect(state.body.orgs[0]!.instances).toBe(11);
  const notFound = await call(sandbox.url, 'GET', '/__control/instances/nope');
  expect(notFound.status).toBe(404);
  expect(notFound.body).toMatchObject({ error: { code: 'not_found' } });
});
