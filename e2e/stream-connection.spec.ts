import { expect, test } from '@playwright/test';
import { DEMO_CONNECTOR_NAME } from '@/db/seed-data';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { SANDBOX_URL } from './fixtures/sandbox';
import { waitForState } from './fixtures/wait';

type Detail = {
  id: string;
  name: string;
  settings: { clientId: string } | null;
  health: { streamState?: string; stream?: { reconnectAttempts: number; lastError: string | null } };
};

test('the connector page shows the Stream connection: connected, then the gateway disconnect and the reconnect', async ({
  page,
}) => {
  await apiSignin(page, demoAdmin.username);
  const list = (await (await page.request.get('/api/admin/connectors')).json()) as { connectors: Detail[] };
  const demo = list.connectors.find((c) => c.name === DEMO_CONNECTOR_NAME);
  expect(demo).toBeDefined();
  const detail = async () =>
    (await (await page.request.get(`/api/admin/connectors/${demo!.id}`)).json()) as Detail;
  await waitForState(detail, {
    what: 'the demo connector’s Stream connected',
    until: (d) => d.health.streamState === 'connected',
  });

  // The gateway asks the worker's client to go; it reconnects after its backoff delay.
  const cut = await page.request.post(`${SANDBOX_URL}/__control/stream/disconnect`, {
    data: { clientId: (await detail()).settings!.clientId, reason: 'e2e 网关断开', graceMs: 5000 },
  });
  expect((await cut.json()).connections).toBeGreaterThanOrEqual(1);
  await waitForState(detail, {
    what: 'the Stream reconnected after the gateway’s disconnect',
    until: (d) =>
      d.health.streamState === 'connected' &&
      d.health.stream?.reconnectAttempts === 1 &&
      d.health.stream.lastError === 'gateway sent disconnect: e2e 网关断开',
  });

  await page.goto(`/admin/connectors/${demo!.id}`);
  const box = page.getByTestId('stream-connection');
  await expect(box).toContainText('已连接自');
  await expect(box).toContainText('连续重连次数：1');
  await expect(box).toContainText('最近连接错误：gateway sent disconnect: e2e 网关断开');
  await expect(page.getByText('Stream 已连接')).toBeVisible();
  await page.screenshot({ path: '/tmp/stream-connection.png', fullPage: true });
});
