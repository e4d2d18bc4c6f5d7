import { expect, type Page, test } from '@playwright/test';
import { LOCALE_COOKIE } from '@/lib/i18n/locales';
import { apiSignin } from './fixtures/auth';
import { SANDBOX_URL, startDingTalkInstance } from './fixtures/sandbox';
import { inboxRow, waitForTask } from './fixtures/tasks';
import { scaled } from './fixtures/time';
import { clickStable } from './fixtures/ui';
import { waitForState } from './fixtures/wait';

// docs/reminders.md. This spec's requests are 孙八's (sunba) to 刘星 (liuxing); each run makes its own, so the
// once-per-hour limit never meets another run's.
const PROCESS = 'PROC-DEMO-EXPENSE';
const SHOTS = process.env.E2E_SHOTS_DIR ?? '/tmp';
// 240 s at the default scale; more on a loaded machine (E2E_TIME_SCALE).
test.setTimeout(scaled(120_000));

type Notice = { userIds: string[]; msg: { oa?: { message_url: string; body: { title: string } } } };

async function noticeFor(page: Page, title: string): Promise<Notice | undefined> {
  const response = await page.request.get(`${SANDBOX_URL}/__control/notices?userId=liuxing`);
  const all = (await response.json()) as Notice[];
  return all.find((n) => n.msg.oa?.body.title.includes(title));
}

test('the originator urges a request from 我发起的: the approver gets the notice in DingTalk, the timeline says so, a second urge waits an hour', async ({
  page,
  request,
}) => {
  const title = `孙八报销-${Date.now().toString(36)}`;
  const processInstanceId = await startDingTalkInstance(request, {
    processCode: PROCESS,
    originator: 'sunba',
    approver: 'liuxing',
    title,
  });
  await apiSignin(page, 'sunba');
  const { instanceId } = await waitForTask(page, title, { view: 'initiated' });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/inbox/initiated');
  const row = inboxRow(page, title);
  await expect(row).toBeVisible();
  await clickStable(row.getByTestId('urge-button'));
  // The confirm closes the popconfirm at once: one plain click (a retried click would find nothing).
  await page.getByTestId('urge-confirm').click();
  await expect(page.getByText('已催办 刘星')).toBeVisible();
  // The button now says when it can be used again.
  await expect(row.getByTestId('urge-button')).toBeDisabled();
  await expect(row.getByTestId('urge-button')).toContainText('后可再次催办');
  await page.screenshot({ path: `${SHOTS}/urge-initiated-1400.png` });
  // The list itself knows: opened again, the row's button is disabled with the time before any click.
  const listed = await waitForTask(page, title, { view: 'initiated' });
  expect(Date.parse(listed.urgeNextAllowedAt ?? '')).toBeGreaterThan(Date.now() + 50 * 60_000);
  await page.reload();
  await expect(row.getByTestId('urge-button')).toBeDisabled();
  await expect(row.getByTestId('urge-button')).toContainText('后可再次催办');
  await page.screenshot({ path: `${SHOTS}/urge-initiated-1400-reloaded.png` });

  // The sandbox received one work notice for 刘星, opening DingTalk's own approval page inside the client.
  const notice = (await waitForState(() => noticeFor(page, title), {
    what: `the urge notice for ${title}`,
  })) as Notice;
  expect(notice.msg.oa?.body.title).toContain('孙八 催办');
  const link = new URL(notice.msg.oa?.message_url ?? '');
  expect(`${link.protocol}//${link.host}${link.pathname}`).toBe('dingtalk://dingtalkclient/page/link');
  expect(link.searchParams.get('url')).toContain(processInstanceId);

  // The detail page: the timeline entry, the notice's state, and the button waiting for the hour to pass.
  await page.goto(`/instances/${instanceId}`);
  await expect(page.locator('[data-testid="log-step"][data-action="urge"]')).toContainText(
    '孙八 催办了 刘星',
  );
  await expect(page.getByTestId('urge-notice')).toHaveAttribute('data-status', 'sent');
  await expect(page.getByTestId('urge-button').first()).toBeDisabled();

  // A second urge within the hour is refused with when it is allowed again (the API, as a second tab would).
  const again = await page.request.post(`/api/instances/${instanceId}/urge`);
  expect(again.status()).toBe(429);
  const body = (await again.json()) as { error: { issues: { params: { retryAt: string } }[] } };
  expect(Date.parse(body.error.issues[0]!.params.retryAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
  expect(
    (await (await page.request.get(`${SANDBOX_URL}/__control/notices?userId=liuxing`)).json()).filter(
      (n: Notice) => n.msg.oa?.body.title.includes(title),
    ),
  ).toHaveLength(1);
});

test('on a phone (390 px, English): 催办 is on the 我发起的 card and in the sticky bar of the request', async ({
  browser,
  baseURL,
  request,
}) => {
  const title = `Sun Ba expense ${Date.now().toString(36)}`;
  await startDingTalkInstance(request, {
    processCode: PROCESS,
    originator: 'sunba',
    approver: 'liuxing',
    title,
  });
  const phone = await browser.newContext({ baseURL, locale: 'en-US', viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await apiSignin(page, 'sunba');
  // The UI language is the cookie's (the user's stored preference is left alone: other specs sign in as 孙八).
  await phone.addCookies([{ name: LOCALE_COOKIE, value: 'en-US', url: baseURL! }]);
  await waitForTask(page, title, { view: 'initiated' });
  await page.goto('/inbox/initiated');
  const card = page.getByTestId('inbox-card-frame').filter({ hasText: title });
  await expect(card.getByTestId('urge-button')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/urge-initiated-390-en.png` });
  await card.getByTestId('inbox-card').click();
  const bar = page.getByTestId('sticky-action-bar');
  await clickStable(bar.getByTestId('urge-button'));
  await page.getByTestId('urge-confirm').click();
  await expect(page.getByText('Urged 刘星', { exact: true })).toBeVisible();
  await expect(bar.getByTestId('urge-button')).toContainText('Can urge again after');
  await expect(page.locator('[data-testid="log-step"][data-action="urge"]')).toContainText('urged 刘星');
  await page.screenshot({ path: `${SHOTS}/urge-detail-390-en.png`, fullPage: true });
  // Back on 我发起的, the card's button waits for the hour too, from the list's own data.
  await page.goto('/inbox/initiated');
  await expect(card.getByTestId('urge-button')).toBeDisabled();
  await expect(card.getByTestId('urge-button')).toContainText('Can urge again after');
  await page.screenshot({ path: `${SHOTS}/urge-initiated-390-en-waiting.png` });
  await phone.close();
});
