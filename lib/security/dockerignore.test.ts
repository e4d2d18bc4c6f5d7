import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dockerignore from '@balena/dockerignore';
import { expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const rules = dockerignore({ ignorecase: false }).add(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));

/** The files `docker build .` would send: the repository walked the way the daemon does, pruning ignored dirs. */
function buildContext(dir = ROOT, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = path.relative(ROOT, path.join(dir, entry.name)).split(path.sep).join('/');
    if (rules.ignores(relative)) continue;
    if (entry.isDirectory()) buildContext(path.join(dir, entry.name), out);
    else out.push(relative);
  }
  return out;
}

const isSecretOrState = (file: string) =>
  /(^|\/)\.env($|\.)/.test(file) && !file.endsWith('.env.example') ? true : /(^|\/)\.data(\/|$)/.test(file);

test('the Docker build context never carries .env files or .data', () => {
  const sent = buildContext();
  expect(sent.filter(isSecretOrState)).toEqual([]);
  expect(sent).toContain('package.json');
  expect(sent).toContain('.env.example');
});

test('the rules exclude secrets, local state, dependencies, build and test output, and git', () => {
  for (const file of [
    '.env',
    '.env.local',
    '.env.production',
    '.data/dev-secrets.json',
    '.data/pg/PG_VERSION',
    'sandbox/.data/x',
    'node_modules/next/package.json',
    '.next/BUILD_ID',
    '.git/HEAD',
    'test-results/run/trace.zip',
    'playwright-report/index.html',
  ]) {
    expect(rules.ignores(file), file).toBe(true);
  }
  for (const file of ['.env.example', 'app/layout.tsx', 'Dockerfile', 'db/migrations/meta/_journal.json']) {
    expect(rules.ignores(file), file).toBe(false);
  }
});
