import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const exclude = ['node_modules/**', '.next/**', '.data/**', 'e2e/**'];
// Where the int run's app logs are captured (lib/testing/log-capture.setup.ts); read by the global setup's
// secrets scan in this process and inherited by the test workers.
process.env.HUIBAN_TEST_LOG_DIR ??= `${root}.data/test-logs`;

// Two tiers (CODE_STYLE.md §Tests): *.test.ts is pure logic, *.int.test.ts talks to a real
// PostgreSQL and/or the sandbox. The int tier runs files in parallel: each file gets its own database.
export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts'],
          environment: 'node',
          // Unit tests provoke errors on purpose; their logs are noise.
          env: { LOG_LEVEL: 'silent' },
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          exclude,
          environment: 'node',
          // The app's logs go to one file per worker; the run ends with a scan of them for secrets.
          globalSetup: ['./db/testing-global-setup.ts', './lib/testing/secrets-scan-global.ts'],
          setupFiles: ['./lib/testing/log-capture.setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Three files at a time whatever the core count (vitest's default is cores - 1: one file at a time on CI's
          // two cores). The files mostly wait on PostgreSQL, the sandbox and job polling, not on the CPU.
          maxWorkers: 3,
          // After the unit project when both run in one `vitest run`: projects with different maxWorkers need their
          // own group.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
