import { expect, test } from 'vitest';
import { findEnvReads } from './find-env-reads';

test('a process.env read in lib/ or app/ is caught', () => {
  expect(findEnvReads('lib/log.ts', "const level = process.env.LOG_LEVEL ?? 'info';")).toEqual([
    'lib/log.ts:1 reads process.env; read configuration through lib/env.ts',
  ]);
  expect(findEnvReads('app/api/x/route.ts', 'const { A } = process.env;')).toHaveLength(1);
  expect(findEnvReads('worker/start-worker.ts', 'x(process.env)')).toHaveLength(1);
});

test('lib/env.ts, entry points, test helpers and configs may read it', () => {
  const read = 'const url = process.env.DATABASE_URL;';
  for (const file of [
    'lib/env.ts',
    'scripts/dev.ts',
    'worker/index.ts',
    'db/migrate.ts',
    'sandbox/main.ts',
    'e2e/start-server.ts',
    'bench/pipeline.ts',
    'lib/testing/factories.ts',
    'lib/tasks/x.int.test.ts',
    'vitest.config.ts',
    'next.config.mjs',
  ])
    expect(findEnvReads(file, read)).toEqual([]);
});

test('a file that goes through lib/env.ts passes', () => {
  expect(
    findEnvReads('lib/log.ts', "import { rawEnv } from '@/lib/env';\nconst level = rawEnv().LOG_LEVEL;"),
  ).toEqual([]);
});
