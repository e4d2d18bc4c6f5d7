/**
 * Design invariant 4: only a connector's own folder talks to its source, so kind literals (`'dingtalk'`,
 * `kind === 'api'`), DingTalk / Yida hosts and their API paths live in `lib/connectors/<kind>/` (and the
 * kind's admin UI in `app/(app)/admin/connectors/kinds/<kind>/`) and nowhere else. A literal elsewhere is a
 * missing capability on the kind's descriptor (lib/connectors/descriptor.ts) or its UI (kinds/kind-ui.ts).
 */

export type KindLiteralFinding = { file: string; line: number; found: string; why: string };

/** Places allowed to name kinds and hosts, each with its reason. */
const EXEMPT: { test: (file: string, kinds: readonly string[]) => boolean; reason: string }[] = [
  {
    test: (f, kinds) =>
      kinds.some(
        (k) => f.startsWith(`lib/connectors/${k}/`) || f.startsWith(`app/(app)/admin/connectors/kinds/${k}/`),
      ),
    reason: 'a kind folder',
  },
  { test: (f) => /^(sandbox|db|bench|scripts|e2e|docs)\//.test(f), reason: 'simulator, schema, tooling' },
  { test: (f) => /\.(test|spec)\.tsx?$/.test(f) || f.startsWith('lib/testing/'), reason: 'tests' },
  { test: (f) => f.startsWith('lib/i18n/'), reason: 'message files' },
  // DingTalk *login* (next-auth provider id "dingtalk", login hosts): an auth provider, not a connector kind.
  { test: (f) => f.startsWith('lib/auth/') || f.startsWith('app/(auth)/'), reason: 'DingTalk login' },
  // Invariant 7: the default base URLs of the configuration.
  { test: (f) => f === 'lib/env.ts', reason: 'configured base URLs' },
];

export function isKindLiteralExempt(file: string, kinds: readonly string[]): boolean {
  return EXEMPT.some((e) => e.test(file, kinds));
}

const HOST = /\b(?:[\w-]+\.)*(?:dingtalk\.com|aliwork\.com)\b/g;
const API_PATH = /['"`/](?:topapi\/|v1\.0\/|yida_vpc\/|gettoken\b)/g;

/** Blanks out comments (keeping line breaks) so a comment may name a vendor; strings are left alone. */
function withoutComments(text: string): string {
  const blank = (m: string) => m.replace(/[^\n]/g, ' ');
  return text
    .replace(/\/\*[\s\S]*?\*\//g, blank)
    .replace(/^(\s*)\/\/.*$/gm, (m, lead: string) => lead + blank(m.slice(lead.length)));
}

/**
 * The kind literals, hosts and vendor API paths in one file (none when the file is exempt). Kinds that are
 * also ordinary words elsewhere (`'local'`, `'api'`) count only where a kind is compared or assigned
 * (`kind === 'api'`, `source: 'local'`, `eq(connectors.kind, 'api')`); the others count anywhere.
 */
export function findKindLiterals(file: string, text: string, kinds: readonly string[]): KindLiteralFinding[] {
  if (isKindLiteralExempt(file, kinds)) return [];
  const code = withoutComments(text);
  const lineOf = (index: number) => code.slice(0, index).split('\n').length;
  const out: KindLiteralFinding[] = [];
  const add = (re: RegExp, why: string) => {
    for (const m of code.matchAll(re)) out.push({ file, line: lineOf(m.index ?? 0), found: m[0], why });
  };
  const names = kinds.map((k) => k.replace(/[^\w-]/g, '')).join('|');
  const distinctive = kinds.filter((k) => !COMMON_WORDS.has(k)).join('|');
  if (distinctive) add(new RegExp(`(['"\`])(?:${distinctive})\\1`, 'g'), 'kind literal');
  add(
    new RegExp(`\\b(?:kind|source)\\s*(?:===|!==|==|!=|:)\\s*(['"\`])(?:${names})\\1`, 'g'),
    'kind comparison',
  );
  add(new RegExp(`\\.(?:kind|source)\\s*,\\s*(['"\`])(?:${names})\\1`, 'g'), 'kind comparison');
  add(HOST, 'vendor host');
  add(API_PATH, 'vendor API path');
  // One finding per line and reason is enough to read.
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.line}:${f.why}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Kind names that are also everyday words in code (a storage driver 'local', a route group 'api'). */
const COMMON_WORDS = new Set(['local', 'api']);
