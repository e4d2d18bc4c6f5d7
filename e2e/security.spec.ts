import { expect, test } from '@playwright/test';
import { apiSignin, demoEmployee } from './fixtures/auth';

test('demo mode under a production start shows the banner; pages carry the security headers', async ({
  page,
}) => {
  const response = await page.goto('/login');
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toContain("frame-ancestors 'self' https://*.dingtalk.com");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('after sign-in the login page follows only same-origin callback paths', async ({ page }) => {
  await apiSignin(page, demoEmployee.username);
  for (const bypass of ['/\\evil.example', '/%09/evil.example', '//evil.example', 'https://evil.example']) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(bypass)}`);
    await expect(page).toHaveURL(/\/inbox\/pending$/);
  }
});

test('first-run setup is gone once an admin exists', async ({ request }) => {
  expect((await request.get('/setup')).status()).toBe(404);
  const api = await request.post('/api/setup', {
    data: { token: 'x', username: 'intruder', name: 'x', password: 'a-long-password' },
  });
  expect(api.status()).toBe(404);
});

test('anonymous health says only the status', async ({ request }) => {
  const body = await (await request.get('/api/health')).json();
  expect(Object.keys(body)).toEqual(['status']);
});
