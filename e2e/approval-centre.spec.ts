import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { DEMO_CONNECTOR_NAME } from '@/db/seed-data';
import { apiSignin } from './fixtures/auth';
import { SANDBOX_URL } from './fixtures/sandbox';
import { inboxRow, instanceIdOf, submitAction, waitForTask } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { clickStable, settle } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

type PcTask = { userId: string; status: string; result: string };
type PcInstance = { title: string; url: string; status: string; result: string; tasks: PcTask[] };

async function processCentre(): Promise<{ templates: { name: string }[]; instances: PcInstance[] }> {
  const response = await fetch(`${SANDBOX_URL}/__control/process-centre`);
  return (await response.json()) as { templates: { name: string }[]; instances: PcInstance[] };
}

test('an admin shows a workflow in DingTalk’s approval centre; a request appears there with its task, opening Huiban; agreeing completes it there', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(scaled(180_000));
  const tag = randomBytes(3).toString('hex');
  const name = `设备申领 ${tag}`;

  // A workflow (through the API: the designer itself is covered by local-workflow.spec.ts) approved by 王敏.
  const admin = await playwright.request.newContext({ baseURL });
  await apiSignin(admin, 'wangmin');
  const me = (await (await admin.get('/api/users?q=王敏')).json()) as { items: { id: string }[] };
  const created = await admin.post('/api/admin/workflows', {
    data: { key: `device-${tag}`, name, category: '行政' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const saved = await admin.put(`/api/admin/workflows/${id}`, {
    data: {
      name,
      category: '行政',
      starters: { all: true },
      draft: {
        form: { fields: [{ key: 'item', label: '申领物品', type: 'text', required: true }] },
        steps: [
          {
            id: 'a',
            name: '行政审批',
            kind: 'approval',
            assignee: { type: 'users', userIds: [me.items[0]?.id] },
            mode: 'sequential',
          },
        ],
      },
    },
  });
  expect(saved.status()).toBe(200);
  await admin.dispose();

  // --- The admin turns the approval centre on in the 选项 tab and publishes.
  await apiSignin(page, 'wangmin');
  await page.goto(`/admin/workflows/${id}`);
  await clickStable(page.getByRole('tab', { name: '选项' }));
  await clickStable(page.getByTestId('wf-approval-centre'));
  await clickStable(
    page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: DEMO_CONNECTOR_NAME }),
  );
  await expect(page.getByText('已由钉钉审批中心代替')).toBeVisible();
  await clickStable(page.getByRole('button', { name: /发\s*布/ }));
  await expect(page.getByTestId('published-version')).toHaveText('已发布 v1');
  await expect(page.getByTestId('approval-centre-status')).toContainText('首个申请提交后自动注册模板');

  // --- A request: DingTalk's approval centre gets the instance (opening Huiban inside DingTalk) and the task.
  await page.goto(`/apply/${id}`);
  await page.getByLabel('申领物品').fill(`显示器 ${tag}`);
  await clickStable(page.getByRole('button', { name: /提\s*交/ }));
  await expect(page).toHaveURL(/\/instances\/[0-9a-f-]{36}$/);
  const instanceId = instanceIdOf(page);
  const running = await waitForState(
    async () => (await processCentre()).instances.find((i) => i.title.includes(name)),
    { what: 'the instance and its task in the process centre', until: (i) => Boolean(i?.tasks.length) },
  );
  expect(running?.status).toBe('RUNNING');
  expect(running?.tasks).toEqual([expect.objectContaining({ userId: 'wangmin', status: 'RUNNING' })]);
  expect(decodeURIComponent(running!.url)).toContain(`/instances/${instanceId}`);
  expect(running!.url).toMatch(/^dingtalk:\/\/dingtalkclient\/page\/link\?url=/);
  expect((await processCentre()).templates.map((t) => t.name)).toContain(`${name}（汇办）`);

  // --- 王敏 agrees in Huiban: the task and the instance complete in DingTalk.
  await waitForTask(page, name);
  await page.goto('/inbox/pending');
  await clickStable(inboxRow(page, name).getByRole('link').first());
  await submitAction(page, /^同\s*意$/, '同意');
  const done = await waitForState(
    async () => (await processCentre()).instances.find((i) => i.title.includes(name)),
    { what: 'the process-centre instance completed', until: (i) => i?.status === 'COMPLETED' },
  );
  expect(done).toMatchObject({
    result: 'agree',
    tasks: [expect.objectContaining({ status: 'COMPLETED', result: 'AGREE' })],
  });

  // --- The workflow's page shows the registered template and no failures (phone width too).
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/admin/workflows/${id}`);
    await clickStable(page.getByRole('tab', { name: '选项' }));
    const card = page.getByTestId('approval-centre-status');
    await expect(card).toContainText('模板 PROC-');
    await expect(card).toContainText('没有失败的同步');
    await settle(page);
    await page.screenshot({ path: `test-results/approval-centre-options-${width}.png`, fullPage: true });
  }
});
