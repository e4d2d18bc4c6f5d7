import { expect, test } from 'vitest';
import { findKindLiterals, isKindLiteralExempt } from './kind-literals';

const KINDS = ['dingtalk', 'yida', 'local', 'api'];

test('a kind literal, a kind comparison, a vendor host and an API path outside a kind folder are caught', () => {
  const text = [
    "import { x } from './x';",
    "const usesStream = r.kind === 'dingtalk' && x;",
    "if (row.source === 'local') cancel();",
    "await db.select().from(connectors).where(eq(connectors.kind, 'api'));",
    "const base = 'https://oapi.dingtalk.com';",
    "await callApi(settings, '/topapi/processinstance/get');",
    "const origin = 'https://www.aliwork.com';",
  ].join('\n');
  const found = findKindLiterals('lib/operations/planted.ts', text, KINDS);
  expect(found.map((f) => [f.line, f.why])).toEqual(
    expect.arrayContaining([
      [2, 'kind literal'],
      [2, 'kind comparison'],
      [3, 'kind comparison'],
      [4, 'kind comparison'],
      [5, 'vendor host'],
      [6, 'vendor API path'],
      [7, 'vendor host'],
    ]),
  );
});

test('a clean file passes: capabilities, ordinary words and comments that name a vendor', () => {
  const text = [
    '// DingTalk (oapi.dingtalk.com) is reached through its descriptor only.',
    'const kinds = connectorKindsWhere((d) => d.adapter.listDirectory !== undefined);',
    "const driver = env.STORAGE_DRIVER === 'local' ? 'disk' : 's3';",
    "const url = '/api/open/v1/instances';",
    '/** `kind: "yida"` in a doc comment */',
    'const usesStream = descriptor.usesStream?.(config) ?? false;',
  ].join('\n');
  expect(findKindLiterals('lib/operations/clean.ts', text, KINDS)).toEqual([]);
});

test('kind folders, the sandbox, db, tests and message files may name kinds', () => {
  const text = "const kind = 'dingtalk'; const host = 'https://api.dingtalk.com';";
  for (const file of [
    'lib/connectors/dingtalk/open-api.ts',
    'app/(app)/admin/connectors/kinds/yida/YidaNotes.tsx',
    'sandbox/dingtalk/server.ts',
    'db/schema/connectors.ts',
    'lib/connectors/admin/save-connector.int.test.ts',
    'lib/i18n/messages.ts',
  ]) {
    expect(isKindLiteralExempt(file, KINDS)).toBe(true);
    expect(findKindLiterals(file, text, KINDS)).toEqual([]);
  }
  // The kind-neutral connector modules are not a kind folder.
  expect(findKindLiterals('lib/connectors/admin/save-connector.ts', text, KINDS)).not.toEqual([]);
});
