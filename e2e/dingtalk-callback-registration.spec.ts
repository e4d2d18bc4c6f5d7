import { expect, test } from '@playwright/test';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { SANDBOX_URL } from './fixtures/sandbox';
import { scaled } from './fixtures/time';
import { clickStable } from './fixtures/ui';

test('an admin registers, checks and deletes a DingTalk HTTP callback from the connector page; DingTalk’s check_url is answered by Huiban', async ({
  page,
  request,
}) => {
  test.setTimeout(scaled(90_000));
  const run = Date.now().toString(36);
  // An org and app of their own in the sandbox, so no other spec's approvals reach this HTTP callback.
  const corpId = `dingcbcorp${run}`;
  const app = {
    clientId: `dingcbapp${run}`,
    clientSecret: `cb-secret-${run}`,
    agentId: 49000001,
    callbackToken: 'consoleToken01',
    aesKey: 'consoleAesKey00000000000000000000000000001x',
  };
  expect(
    (
      await request.post(`${SANDBOX_URL}/__control/orgs`, { data: { corpId, name: '回调注册测试' } })
    ).status(),
  ).toBe(201);
  expect((await request.post(`${SANDBOX_URL}/__control/orgs/${corpId}/apps`, { data: app })).status()).toBe(
    201,
  );

  await apiSignin(page, demoAdmin.username);
  const token = `huibanTok${run}`;
  const aesKey = `huibanAes${run}`.padEnd(43, '0');
  const created = await page.request.post('/api/admin/connectors', {
    data: {
      name: `回调注册 ${run}`,
      corpId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      deliveryMode: 'http',
      aesKey,
      callbackToken: token,
      apiBase: SANDBOX_URL,
      oapiBase: SANDBOX_URL,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto(`/admin/connectors/${id}`);
  const card = page.getByTestId('dingtalk-callback-registration');
  await expect(card).toContainText('钉钉上还没有该应用的 HTTP 回调');
  await expect(card).toContainText(`/api/callbacks/dingtalk/${id}`);
  await clickStable(card.getByRole('button', { name: '注册回调' }));
  await expect(page.getByText('已在钉钉注册回调')).toBeVisible();
  await expect(card.getByTestId('dingtalk-callback-match')).toHaveText(/与汇办一致/);
  await expect(card).toContainText('bpms_task_change');
  // The token and aes_key are never shown, only whether DingTalk's match.
  await expect(card).not.toContainText(token);
  await expect(card).not.toContainText(aesKey);
  await page.screenshot({ path: 'test-results/dingtalk-callback-registered.png', fullPage: true });

  // DingTalk checked the URL first: its check_url reached Huiban's callback route and was answered.
  const deliveries = (await (await request.get(`${SANDBOX_URL}/__control/callbacks/deliveries`)).json()) as {
    kind: string;
    clientId: string;
    ok: boolean;
    url: string;
  }[];
  expect(deliveries.filter((d) => d.clientId === app.clientId && d.kind === 'check_url')).toEqual([
    expect.objectContaining({ ok: true, url: expect.stringContaining(`/api/callbacks/dingtalk/${id}`) }),
  ]);

  await clickStable(card.getByRole('button', { name: '删除回调' }));
  await clickStable(page.getByRole('dialog').getByRole('button', { name: /确\s?定|OK/ }));
  await expect(page.getByText('已删除钉钉上的回调')).toBeVisible();
  await expect(card).toContainText('钉钉上还没有该应用的 HTTP 回调');
});
