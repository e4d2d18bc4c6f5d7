import { expect, test } from 'vitest';
import { resolveDemoMode } from './demo-mode';

test('npm start never turns demo mode on by itself, even on the embedded database', () => {
  expect(resolveDemoMode({ prod: true, env: {} })).toBe(false);
  expect(resolveDemoMode({ prod: true, env: { DATABASE_URL: 'postgres://db/huiban' } })).toBe(false);
  expect(resolveDemoMode({ prod: true, env: { HUIBAN_DEMO: 'false' } })).toBe(false);
  expect(resolveDemoMode({ prod: true, env: { HUIBAN_DEMO: 'true' } })).toBe(true);
});

test('npm run dev keeps the demo on the embedded database', () => {
  expect(resolveDemoMode({ prod: false, env: {} })).toBe(true);
  expect(resolveDemoMode({ prod: false, env: { DATABASE_URL: 'postgres://db/huiban' } })).toBe(false);
  expect(resolveDemoMode({ prod: false, env: { HUIBAN_DEMO: 'false' } })).toBe(false);
});
