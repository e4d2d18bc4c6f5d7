import { randomBytes } from 'node:crypto';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { apiSignin } from './fixtures/auth';
import { clickStable } from './fixtures/ui';

/** Publishes a 报销 definition through the admin API: amount decides the branch; money has no minimum set. */
async function publishExpense(admin: APIRequestContext, tag: string): Promise<string> {
  const find = async (q: string) =>
    ((await (await admin.get(`/api/users?q=${encodeURIComponent(q)}`)).json()) as { items: { id: string }[] })
      .items[0]?.id;
  const [wangwu, zhaoliu, qianqi] = [await find('王五'), await find('赵六'), await find('钱七')];
  const created = await admin.post('/api/admin/workflows', {
    data: { key: `apply-${tag}`, name: `报销 ${tag}`, category: '财务' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const saved = await admin.put(`/api/admin/workflows/${id}`, {
    data: {
      name: `报销 ${tag}`,
      category: '财务',
      starters: { all: true },
      draft: {
        form: {
          fields: [
            { key: 'reason', label: '报销事由', type: 'text', required: true },
            { key: 'amount', label: '报销金额', type: 'money', required: true },
          ],
        },
        steps: [
          {
            id: 'lead',
            name: '主管审批',
            kind: 'approval',
            mode: 'sequential',
            assignee: { type: 'manager', levels: 1 },
          },
          {
            id: 'route',
            name: '按金额',
            kind: 'condition',
            branches: [
              {
                name: '大额',
                when: { fieldKey: 'amount', op: 'gt', value: 1000 },
                steps: [
                  {
                    id: 'big',
                    name: '财务会签',
                    kind: 'approval',
                    mode: 'all',
                    assignee: { type: 'users', userIds: [wangwu, zhaoliu] },
                  },
                ],
              },
              {
                name: '小额',
                steps: [
                  {
                    id: 'small',
                    name: '财务审批',
                    kind: 'approval',
                    mode: 'sequential',
                    assignee: { type: 'users', userIds: [wangwu] },
                  },
                ],
              },
            ],
          },
          { id: 'cc', name: '抄送', kind: 'cc', assignee: { type: 'users', userIds: [qianqi] } },
        ],
      },
    },
  });
  expect(saved.status()).toBe(200);
  expect((await admin.post(`/api/admin/workflows/${id}/publish`)).status()).toBe(200);
  return id;
}

let definitionId: string;

test.beforeAll(async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL });
  await apiSignin(admin, 'wangmin');
  definitionId = await publishExpense(admin, randomBytes(3).toString('hex'));
  await admin.dispose();
});

test('the approval chain appears beside the form and follows the amount into the other branch', async ({
  page,
}) => {
  await apiSignin(page, 'zhangsan');
  await page.goto(`/apply/${definitionId}`);
  const chain = page.getByTestId('approval-chain');
  const steps = chain.getByTestId('chain-step');
  // Nothing typed: the else branch (小额), one approver.
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText('主管审批');
  await expect(steps.nth(0)).toContainText('王敏');
  await expect(steps.nth(1)).toContainText('财务审批');
  await expect(steps.nth(1)).toContainText('条件：小额');
  await expect(steps.nth(2)).toContainText('钱七');

  await page.getByLabel('报销金额').fill('5000');
  await expect(steps.nth(1)).toContainText('财务会签');
  await expect(steps.nth(1)).toContainText('会签');
  await expect(steps.nth(1)).toContainText('王五、赵六');
  await expect(steps.nth(1)).toContainText('条件：大额');

  await page.getByLabel('报销金额').fill('20');
  await expect(steps.nth(1)).toContainText('财务审批');
  await expect(steps.nth(1)).not.toContainText('赵六');
});

test('a negative amount: a message under the field; the API answers 400 validation_failed and writes nothing', async ({
  page,
}) => {
  await apiSignin(page, 'zhangsan');
  await page.goto(`/apply/${definitionId}`);
  await page.getByLabel('报销事由').fill('差旅');
  await page.getByLabel('报销金额').fill('-5');
  await clickStable(page.getByRole('button', { name: /提\s*交/ }));
  await expect(page.getByText('不能小于 0')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/apply/${definitionId}$`));

  const initiated = async () =>
    ((await (await page.request.get('/api/tasks?view=initiated&limit=100')).json()) as { items: unknown[] })
      .items.length;
  const before = await initiated();
  const refused = await page.request.post(`/api/workflows/${definitionId}/instances`, {
    data: { values: { reason: '差旅', amount: -5 } },
  });
  expect(refused.status()).toBe(400);
  const body = (await refused.json()) as {
    error: { code: string; issues: { path: string; message: string }[] };
  };
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.issues).toEqual([{ path: 'values.amount', message: '报销金额不能小于 0' }]);
  expect(await initiated()).toBe(before);
});
