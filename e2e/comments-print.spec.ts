import { expect, test } from '@playwright/test';
import { apiSignin, switchUser } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { waitForInstance, waitForTask } from './fixtures/tasks';
import { BUDGET, scaled } from './fixtures/time';
import { clickStable, stableDialog } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

const SHOTS = process.env.E2E_SHOTS_DIR ?? 'test-results';

test('a comment with an @mention and a file: the file is in the timeline, the mentioned colleague is notified and opens the approval', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  test.setTimeout(scaled(150_000));
  const title = `评论提及-${Date.now().toString(36)}`;
  await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'chener',
    approver: 'wushi',
    title,
    form: { 报销事由: '客户招待', '报销金额（元）': '420' },
  });

  await apiSignin(page, 'wushi');
  const task = await waitForTask(page, title);
  // 刘星 takes no part in it yet: 404.
  const liuxing = await playwright.request.newContext({ baseURL });
  await apiSignin(liuxing, 'liuxing');
  expect((await liuxing.get(`/api/instances/${task.instanceId}`)).status()).toBe(404);
  await page.goto(`/instances/${task.instanceId}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();

  await clickStable(page.getByRole('button', { name: /^评\s*论$/ }));
  const dialog = await stableDialog(page);
  // Typing @ opens the people picker; search and pick 刘星.
  const text = dialog.getByRole('textbox').first();
  await text.fill('请');
  await text.press('@');
  await page.keyboard.type('刘星');
  const option = page.locator('.ant-select-item-option', { hasText: '刘星' });
  await clickStable(option);
  await expect(dialog.getByTestId('mention-picker')).toContainText('刘星');
  await text.fill('@刘星 请确认这笔招待费');
  await dialog.locator('input[type=file]').setInputFiles({
    name: '招待明细.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('客户招待 420 元'),
  });
  await expect(dialog.locator('.ant-upload-list-item-done', { hasText: '招待明细.txt' })).toBeVisible();
  // DingTalk takes the file but no @: the hint says so.
  await expect(dialog.getByTestId('comment-extras')).toContainText('附件和评论会一起写回');
  await dialog.screenshot({ path: `${SHOTS}/comment-dialog.png` });
  await clickStable(dialog.getByRole('button', { name: /提\s*交/ }));
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const step = page.getByTestId('log-step').filter({ hasText: '请确认这笔招待费' });
  await expect(step).toContainText('@刘星');
  await expect(step.getByTestId('attachment')).toContainText('招待明细.txt');

  // Written back to DingTalk as a comment with the file.
  await waitForInstance(
    page,
    task.instanceId,
    'the comment confirmed',
    (i) => i.myActions.some((a) => a.action === 'comment' && a.writeBackStatus === 'confirmed'),
    BUDGET.writeBack,
  );
  const sandboxInstance = await waitForState(
    async () => {
      const list = (await (
        await request.get(`${SANDBOX_URL}/__control/instances?processCode=PROC-DEMO-EXPENSE`)
      ).json()) as {
        title?: string;
        operationRecords: { type: string; remark?: string; attachments?: { fileName: string }[] }[];
      }[];
      return list.find((i) => i.title === title);
    },
    { what: 'the sandbox instance', until: (i) => !!i, budget: BUDGET.ui },
  );
  const remark = sandboxInstance?.operationRecords.find((r) => r.type === 'ADD_REMARK');
  expect(remark?.remark).toBe('@刘星 请确认这笔招待费');
  expect(remark?.attachments?.map((a) => a.fileName)).toEqual(['招待明细.txt']);

  // 刘星 gets one DingTalk work notice and can open the approval and the file.
  const notices = await waitForState(
    async () =>
      (await (await request.get(`${SANDBOX_URL}/__control/notices?userId=liuxing`)).json()) as {
        msg: unknown;
      }[],
    {
      what: 'the mention notice',
      until: (list) => list.some((n) => JSON.stringify(n.msg).includes(task.instanceId)),
      budget: BUDGET.writeBack,
    },
  );
  expect(notices.filter((n) => JSON.stringify(n.msg).includes(task.instanceId))).toHaveLength(1);
  await switchUser(page, 'liuxing');
  await page.goto(`/instances/${task.instanceId}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  const href = await page
    .getByTestId('log-step')
    .filter({ hasText: '请确认这笔招待费' })
    .getByRole('link', { name: /下载|预览/ })
    .first()
    .getAttribute('href');
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(await file.text()).toBe('客户招待 420 元');
  expect((await liuxing.get(`/api/instances/${task.instanceId}`)).status()).toBe(200);
  await liuxing.dispose();
});

test('the print view (审批单) lays the approval out for A4, and its PDF downloads with the Chinese title', async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  test.setTimeout(scaled(120_000));
  const title = `打印审批单-${Date.now().toString(36)}`;
  await startDingTalkInstance(request, {
    processCode: 'PROC-DEMO-EXPENSE',
    originator: 'chener',
    approver: 'wushi',
    title,
    form: { 报销事由: '北京出差住宿', '报销金额（元）': '1280' },
  });
  await apiSignin(page, 'wushi');
  const task = await waitForTask(page, title);
  await page.goto(`/instances/${task.instanceId}`);
  const print = page.getByTestId('print-button');
  await expect(print).toHaveAttribute('href', `/instances/${task.instanceId}/print`);

  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`/instances/${task.instanceId}/print`);
  const sheet = page.getByTestId('print-sheet');
  await expect(sheet.getByRole('heading', { name: '审批单', exact: true })).toBeVisible();
  await expect(sheet).toContainText(title);
  await expect(sheet).toContainText('北京出差住宿');
  await expect(page.getByTestId('print-timeline')).toContainText('发起申请');
  await page.screenshot({ path: `${SHOTS}/print-1400-zh.png`, fullPage: true });
  // On paper the toolbar is gone and the sheet fills the page.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-now')).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/print-media-zh.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(sheet).toContainText(title);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/print-390-zh.png`, fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('print-pdf').click(),
  ]);
  const pdfPath = `${SHOTS}/approval.pdf`;
  await download.saveAs(pdfPath);
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(pdfPath);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(bytes.toString('latin1')).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJK/);
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  const { text } = await parser.getText();
  const shot = await parser.getScreenshot({ first: 1, scale: 1.2 });
  await parser.destroy();
  expect(text).toContain(title);
  expect(text).toContain('审批单');
  const { writeFileSync } = await import('node:fs');
  const png = shot.pages[0]?.data;
  if (png) writeFileSync(`${SHOTS}/approval-pdf-page1.png`, png);

  // Someone who takes no part gets 404 for the print view and the PDF.
  const stranger = await playwright.request.newContext({ baseURL });
  await apiSignin(stranger, 'liuxing');
  expect((await stranger.get(`/api/instances/${task.instanceId}/pdf`)).status()).toBe(404);
  expect((await stranger.get(`/instances/${task.instanceId}/print`)).status()).toBe(404);
  await stranger.dispose();
});
