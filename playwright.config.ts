import { defineConfig, devices } from '@playwright/test';
import { BUDGET, scaled } from './e2e/fixtures/time';

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;

// Debian's Chromium (npx playwright install cannot download browsers here). Without the networking flags it
// keeps dialling Google hosts that this closed network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: './e2e',
  // The screenshot tour runs only when asked for (E2E_TOUR=1): it takes a hundred full-page screenshots.
  testIgnore: process.env.E2E_TOUR ? [] : ['**/screenshot-tour.spec.ts'],
  forbidOnly: !!process.env.CI,
  // On CI a failed test runs once more; scripts/test-summary.mjs names every test that needed it (flaky).
  retries: process.env.CI ? 1 : 0,
  // Two workers everywhere (Playwright's default here would be one, half of 2 cores): the suite is written to
  // share one server between two workers and was checked that way; E2E_WORKERS overrides.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // Budgets scale with E2E_TIME_SCALE (e2e/fixtures/time.ts): more room on a loaded machine, no edits.
  // Worker-driven state is awaited through the API (e2e/fixtures/wait.ts), so the expect timeout only covers
  // the page rendering what the API already has.
  timeout: scaled(60_000),
  expect: { timeout: scaled(BUDGET.ui) },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  // The production build (`npm run build` first) with a fresh database, demo seed and the sandbox.
  webServer: {
    command: 'node_modules/.bin/tsx e2e/start-server.ts',
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: scaled(90_000),
    stdout: 'ignore',
    stderr: 'pipe',
    // SIGTERM lets the orchestrator stop web, worker and sandbox in order (the default is SIGKILL).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
    env: { PORT: String(PORT) },
  },
});
