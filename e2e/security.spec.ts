import http from 'node:http';
import { expect, test } from '@playwright/test';
import { apiSignin, DEMO_PASSWORD, demoAdmin, demoEmployee } from './fixtures/auth';
import { clickStable } from './fixtures/ui';

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

test('pages run under a per-request nonce CSP: they hydrate, log no violation, and an injected inline script is refused', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Injected over CDP, so the policy does not apply to this listener itself.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const nonces: string[] = [];
  const policyOf = (headers: Record<string, string>) => {
    const csp = headers['content-security-policy'] ?? '';
    const script = csp.split('; ').find((d) => d.startsWith('script-src')) ?? '';
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'self' https://*.dingtalk.com https://*.dingtalkapps.com");
    const nonce = /'nonce-([^']+)'/.exec(script)?.[1];
    expect(nonce).toBeTruthy();
    nonces.push(nonce as string);
    return nonce as string;
  };
  const scriptNonces = () =>
    page.evaluate(() => [...document.querySelectorAll('script')].map((s) => s.nonce));

  const login = await page.goto('/login');
  const nonce = policyOf(login?.headers() ?? {});
  const onLogin = await scriptNonces();
  expect(onLogin.length).toBeGreaterThan(0);
  expect(new Set(onLogin)).toEqual(new Set([nonce]));

  // Signing in through the form needs React to have hydrated (the button's handler calls next-auth).
  await page.getByLabel('账号或邮箱').fill(demoAdmin.username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await clickStable(page.getByRole('button', { name: /^登\s*录$/ }));
  await expect(page).toHaveURL(/\/inbox\/pending$/);
  await expect(page.getByRole('menuitem', { name: /待我处理/ })).toBeVisible();
  // Client-side navigation inside the app shell, then a full load of an admin page.
  await clickStable(page.getByRole('menuitem', { name: /抄送我的/ }));
  await expect(page).toHaveURL(/\/inbox\/cc$/);
  const admin = await page.goto('/admin/audit');
  policyOf(admin?.headers() ?? {});
  await expect(page.getByRole('menuitem', { name: /待我处理/ })).toBeVisible();
  expect(new Set(nonces).size).toBe(nonces.length);
  expect(errors.filter((e) => /content security policy|csp violation/i.test(e))).toEqual([]);

  // Markup injected into the page cannot run code: an inline event handler (what an HTML injection would carry)
  // is refused. ('strict-dynamic' lets the app's own trusted scripts add scripts, so that is not the vector.)
  const ran = await page.evaluate(async () => {
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.__injected = true;');
    document.body.append(button);
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 50));
    button.remove();
    return (window as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
});

test('a forged X-Forwarded-For is not the client address: audit rows and per-address limits use the TCP peer', async ({
  page,
  playwright,
  baseURL,
}) => {
  const login = `forged-${Date.now()}`;
  const anonymous = await playwright.request.newContext({ baseURL });
  const csrf = (await (await anonymous.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const attempt = await anonymous.post('/api/auth/callback/credentials', {
    form: { csrfToken: csrf.csrfToken, login, password: 'wrong-password', json: 'true' },
    headers: { 'x-forwarded-for': '203.0.113.66', 'x-huiban-socket-peer': 'forged 203.0.113.67' },
    maxRedirects: 0,
  });
  expect(attempt.status()).toBeLessThan(500);
  await anonymous.dispose();
  await apiSignin(page, demoAdmin.username);
  const audit = (await (
    await page.request.get(`/api/admin/audit?action=auth.sign_in_failed&targetId=${login}`)
  ).json()) as { items: { ip: string | null }[] };
  expect(audit.items).toHaveLength(1);
  // No TRUSTED_PROXIES on the e2e server: the address is the socket's, the loopback the test connects from.
  expect(audit.items[0]?.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
});

test('an upload over the size limit is answered 413 while the client is still sending it', async ({
  page,
  baseURL,
}) => {
  await apiSignin(page, demoEmployee.username);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const boundary = '----huiban-e2e';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`;
  // Far more than UPLOAD_MAX_MB (20 by default), sent chunked so only the bytes themselves can trip the limit.
  const total = 400 * 1024 * 1024;
  const answer = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
    const request = http.request(new URL('/api/uploads', baseURL), {
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    let sent = 0;
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, sent });
      request.destroy();
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.write(head);
    const chunk = Buffer.alloc(256 * 1024, 7);
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      if (!answered) request.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
  expect(answer.status).toBe(413);
  expect(answer.sent).toBeLessThan(total);
});
