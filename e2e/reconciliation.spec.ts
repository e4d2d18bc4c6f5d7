import { expect, test } from '@playwright/test';
import type { ReconcileRunView } from '@/lib/operations/list-reconciliation-runs';
import { apiSignin, demoAdmin } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

test('an instance deleted in DingTalk is closed by a reconciliation run the health page lists, with a link to it', async ({
  page,
}) => {
  test.setTimeout(scaled(240_000));
  const title = `陈二提交的采购（来源已删除 ${Date.now()}）`;
  const externalId = await startDingTalkInstance(page.request, {
    processCode: 'PROC-DEMO-PURCHASE',
    originator: 'chener',
    approver: 'qianqi',
    title,
  });
  await apiSignin(page, demoAdmin.username);
  // The task reached Huiban over Stream.
  await waitForState(
    async () =>
      (
        (await (
          await page.request.get(`/api/admin/tasks?q=${encodeURIComponent(title)}&status=pending`)
        ).json()) as {
          total: number;
        }
      ).total,
    { what: 'the pending task in Huiban', until: (n) => n > 0 },
  );

  // Deleted at the source: DingTalk sends no event Huiban acts on; only reconciliation can notice.
  const deleted = await page.request.delete(`${SANDBOX_URL}/__control/instances/${externalId}`);
  expect(deleted.ok(), await deleted.text()).toBe(true);

  await page.goto('/admin/health');
  const runs = page.getByTestId('reconciliation-runs');
  await expect(runs).toBeVisible();
  await clickStable(runs.getByRole('button', { name: /立即对账/ }));
  const finding = await waitForState(
    async () => {
      const report = (await (await page.request.get('/api/admin/health/reconciliation')).json()) as {
        runs: ReconcileRunView[];
      };
      for (const run of report.runs)
        for (const part of run.connectors)
          for (const f of part.findings)
            if (f.kind === 'orphaned' && f.externalId === externalId) return { run, part, f };
      return null;
    },
    { what: 'a run that closed the orphan', until: (f) => f !== null, budget: BUDGET.writeBack * 4 },
  );

  // The page lists the run (reload: it polls once a minute) with the orphan closed and a link to the instance.
  await page.reload();
  const row = runs
    .locator('tr.ant-table-row')
    .filter({ hasText: finding!.part.connectorName })
    .filter({ has: page.getByTestId('orphaned-closed').filter({ hasNotText: /^0$/ }) })
    .first();
  // The page hydrates and fetches the report after load: on a busy machine that takes a while.
  await expect(row).toBeVisible({ timeout: scaled(BUDGET.ingest) });
  await clickStable(row.locator('.ant-table-row-expand-icon'));
  const link = runs.getByRole('link', { name: externalId });
  await expect(link).toBeVisible();
  await page.screenshot({ path: 'test-results/reconciliation-runs.png', fullPage: true });
  await clickStable(link);

  // The instance: ended, its pending task cancelled, and 来源已删除 in the timeline.
  await expect(page).toHaveURL(new RegExp(`/instances/${finding!.f.instanceId}`));
  await expect(page.getByTestId('log-step').filter({ hasText: '来源已删除' })).toBeVisible();
  const pending = (await (
    await page.request.get(`/api/admin/tasks?q=${encodeURIComponent(title)}&status=pending`)
  ).json()) as { total: number };
  expect(pending.total).toBe(0);
});
