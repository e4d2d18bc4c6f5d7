import { expect, test } from 'vitest';
import { findStaleReferences, styleRuleNumbers } from './find-stale-references';

const rules = styleRuleNumbers('# Guide\n1. **Thin.** x\n2. **Verbs.** y\n\n3. z\n');

test('the rule numbers come from the numbered list of CODE_STYLE.md', () => {
  expect([...rules]).toEqual([1, 2, 3]);
});

test('issue and seed numbers in comments are caught', () => {
  const text =
    'const a = 1;\n// Event distribution (issue 9): raw events\n/**\n * The platform of seed 002.\n */\n';
  expect(findStaleReferences('lib/x.ts', text, rules)).toEqual([
    'lib/x.ts:2 comment cites "issue 9"; say the reason instead',
    'lib/x.ts:4 comment cites "seed 002"; say the reason instead',
  ]);
});

test('a rule number the guide does not have is caught; an existing one passes', () => {
  const text =
    '/** Keyset cursor, no OFFSET (style rule 29). */\n// Authorization in the domain (style rule 3)\n';
  expect(findStaleReferences('lib/x.ts', text, rules)).toEqual([
    'lib/x.ts:1 comment cites "rule 29", which CODE_STYLE.md does not have',
  ]);
});

test('a clean file passes, and code outside comments is not read', () => {
  const text = "// Invariant 1: ack only after the row is committed\nconst label = 'issue 3';\n";
  expect(findStaleReferences('lib/x.ts', text, rules)).toEqual([]);
});
