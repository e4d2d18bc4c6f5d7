import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { apiSignin, demoAdmin, demoEmployee } from './fixtures/auth';
import { findTasks, readInstance, submitAction, waitForTask } from './fixtures/tasks';
import { BUDGET, scaled } from './fixtures/time';
import { waitForState } from './fixtures/wait';

/**
 * One task for one approval: two systems push the same expense claim (an admin's rule: ERP's 单号 equals
 * the finance system's 报销单号). 待我处理 lists it once, the page links the other copy, and one agree settles both:
 * each system receives exactly one action on its callback.
 */
test('a de-duplicated pair shows once, and acting once settles both sources', async ({ page }) => {
  test.setTimeout(scaled(150_000));
  const stamp = Date.now().toString(36);
  await apiSignin(page, demoAdmin.username);

  const received: Record<string, number> = { erp: 0, fin: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const who = req.url?.includes('erp') ? 'erp' : 'fin';
      received[who] = (received[who] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function connector(name: string, path: string) {
    const created = await page.request.post('/api/admin/connectors', {
      data: { kind: 'api', name: `${name} ${stamp}`, callbackUrl: `${base}/${path}` },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const key = (
      (await (
        await page.request.post(`/api/admin/connectors/${id}/api-keys`, { data: { name: 'e2e' } })
      ).json()) as {
        key: string;
      }
    ).key;
    return { id, key };
  }
  const erp = await connector('ERP', 'erp');
  const fin = await connector('财务', 'fin');
  const rule = await page.request.post('/api/admin/same-approval-rules', {
    data: {
      name: `报销单号 ${stamp}`,
      a: { connectorId: erp.id, processCode: '费用报销', field: '单号' },
      b: { connectorId: fin.id, processCode: '报销核对', field: '报销单号' },
    },
  });
  expect(rule.status(), await rule.text()).toBe(201);

  const no = `BX-${stamp}`;
  const push = (c: { key: string }, processName: string, field: string, title: string) =>
    page.request.post('/api/open/v1/instances', {
      headers: { authorization: `Bearer ${c.key}` },
      data: {
        externalId: `${processName}-${stamp}`,
        title,
        processName,
        originator: { email: demoEmployee.email },
        formValues: [{ name: field, value: no }],
        updatedAt: new Date().toISOString(),
        tasks: [{ externalTaskId: `${processName}-${stamp}-1`, assignee: { email: demoAdmin.email } }],
      },
    });
  // The copy arrives first, the primary second.
  expect((await push(fin, '报销核对', '报销单号', `报销核对 ${stamp}`)).status()).toBe(200);
  expect((await push(erp, '费用报销', '单号', `费用报销 ${stamp}`)).status()).toBe(200);

  // 待我处理 lists the approval once: the primary.
  const primary = await waitForTask(page, `费用报销 ${stamp}`);
  expect(await findTasks(page, stamp)).toHaveLength(1);
  await page.goto('/inbox/pending');
  await expect(page.getByText(`费用报销 ${stamp}`).first()).toBeVisible();
  await expect(page.getByText(`报销核对 ${stamp}`)).toHaveCount(0);

  // The page links the other copy; one agree.
  await page.goto(`/instances/${primary.instanceId}`);
  const copies = page.getByTestId('same-approval');
  await expect(copies).toContainText(`报销核对 ${stamp}`);
  await page.screenshot({ path: 'test-results/same-approval-detail.png', fullPage: true });
  await submitAction(page, /^同\s*意$/, '同意报销');

  // Both sources got exactly one action each, and both are confirmed.
  const copyId = await waitForState(
    async () => {
      const detail = await readInstance(page, primary.instanceId);
      return detail.sameApproval[0]?.instanceId;
    },
    { what: 'the copy on the primary page' },
  );
  for (const id of [primary.instanceId, copyId as string])
    await waitForState(() => readInstance(page, id), {
      what: `the action on ${id} confirmed by its source`,
      until: (i) => i.myActions.length === 1 && i.myActions[0]?.writeBackStatus === 'confirmed',
      budget: BUDGET.writeBack,
    });
  expect(received).toEqual({ erp: 1, fin: 1 });
  expect(await findTasks(page, stamp)).toHaveLength(0);
  server.close();
});
