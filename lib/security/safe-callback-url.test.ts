import { expect, test } from 'vitest';
import { safeCallbackUrl } from './safe-callback-url';

test('the open-redirect bypass family falls back to the inbox', () => {
  for (const bypass of [
    '//evil.com',
    '/\\evil.com',
    '/\\/evil.com',
    '/%09/evil.com',
    '/\t/evil.com',
    '/%5C%5Cevil.com',
    '/%5Cevil.com',
    '/%2F%2Fevil.com',
    '/%252F%252Fevil.com',
    'https://evil.com',
    'javascript:alert(1)',
    '/\njavascript:alert(1)',
    'evil.com',
    '',
  ]) {
    expect(safeCallbackUrl(bypass), bypass).toBe('/inbox/pending');
  }
  expect(safeCallbackUrl(undefined)).toBe('/inbox/pending');
});

test('same-site paths pass, with their query', () => {
  expect(safeCallbackUrl('/instances/abc')).toBe('/instances/abc');
  expect(safeCallbackUrl('/inbox/done?q=%E6%8A%A5%E9%94%80')).toBe('/inbox/done?q=%E6%8A%A5%E9%94%80');
  expect(safeCallbackUrl('/admin/connectors#top')).toBe('/admin/connectors#top');
});
