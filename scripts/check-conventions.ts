/**
 * Conventions CI checks instead of people remembering them (CODE_STYLE.md, "Dependency direction"):
 * - app/ and components/ never import db/schema (they go through lib/)
 * - lib/tasks never imports a concrete connector (lib/connectors/<kind>)
 * - every drizzle .delete( / .update( has a .where( in the same statement (rule 11)
 * - no skipped or focused tests
 * - no circular imports (dpdm)
 * - no kind literal, DingTalk/Yida host or vendor API path outside the kind folders (conventions/kind-literals.ts)
 * - only lib/tasks/write/ writes the task tables (invariant 4; scripts/conventions/find-task-table-writes.ts)
 * - no process.env outside lib/env.ts and entry points (scripts/conventions/find-env-reads.ts)
 * - comments cite no issue/seed numbers nor missing rule numbers (scripts/conventions/find-stale-references.ts)
 * - no folder-level import cycles in lib/ (scripts/conventions/find-folder-cycles.ts)
 * - no Chinese UI text in app/ and components/ outside lib/i18n/messages (scripts/conventions/no-cjk-literals.ts),
 *   and no use of the legacy full-key translator there (scripts/conventions/legacy-i18n-imports.ts)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectorKind } from '../db/schema/connectors';
import { findEnvReads } from './conventions/find-env-reads';
import { findFolderCycles, graphFromDpdm } from './conventions/find-folder-cycles';
import { findStaleReferences, styleRuleNumbers } from './conventions/find-stale-references';
import { findTaskTableWrites } from './conventions/find-task-table-writes';
import { findKindLiterals } from './conventions/kind-literals';
import { findLegacyI18nImports } from './conventions/legacy-i18n-imports';
import { findCjkLiterals } from './conventions/no-cjk-literals';

const ROOT = process.cwd();
const SKIP_DIRS = new Set([
  'node_modules',
  '.next',
  '.data',
  '.git',
  'test-results',
  'playwright-report',
  'migrations',
]);
const problems: string[] = [];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry)) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (/\.(ts|tsx)$/.test(entry)) out.push(full);
  }
  return out;
}

const files = walk(ROOT).map((f) => path.relative(ROOT, f));

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

const styleRules = styleRuleNumbers(readFileSync('CODE_STYLE.md', 'utf8'));
/** Folders whose comments are read for stale references (the code a reader navigates). */
const COMMENTED = /^(lib|worker|app|components|scripts|db)\//;

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  problems.push(...findTaskTableWrites(file, text));
  problems.push(...findEnvReads(file, text));
  // The rule's own module and test quote the patterns they look for.
  if (COMMENTED.test(file) && !file.startsWith('scripts/conventions/'))
    problems.push(...findStaleReferences(file, text, styleRules));
  const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)];

  if (/^(app|components)\//.test(file)) {
    for (const m of imports) {
      if (/(^|\/|@\/)db\/schema/.test(m[1] ?? '')) {
        problems.push(`${file}:${lineOf(text, m.index ?? 0)} imports db/schema; go through a lib/ function`);
      }
    }
  }
  if (file.startsWith('lib/tasks/')) {
    for (const m of imports) {
      if (
        // A concrete connector is a kind folder under lib/connectors (dingtalk/, yida/, …); the root modules
        // and the registry (which reaches a kind only through its descriptor) are shared.
        connectorKind.enumValues.some((kind) => (m[1] ?? '').includes(`connectors/${kind}/`))
      ) {
        problems.push(
          `${file}:${lineOf(text, m.index ?? 0)} lib/tasks imports a concrete connector (${m[1]})`,
        );
      }
    }
  }
  // A drizzle delete/update statement (in files that use drizzle): from `.delete(table)` / `.update(table)`
  // (called on a db/tx handle) up to the end of the chained expression; Map#delete and hash.update are other things.
  const usesDrizzle = /from ['"](drizzle-orm[^'"]*|@\/db\/[^'"]+|\.\.?\/(\.\.\/)*db\/[^'"]+)['"]/.test(text);
  for (const m of usesDrizzle
    ? text.matchAll(/\b(?:db|tx|trx)\s*\.(delete|update)\(\s*[a-zA-Z_][\w.]*\s*\)/g)
    : []) {
    const rest = text.slice(m.index ?? 0);
    const end = rest.search(/;\s*\n|\n\s*\n/);
    const statement = end === -1 ? rest : rest.slice(0, end);
    if (!statement.includes('.where(')) {
      problems.push(`${file}:${lineOf(text, m.index ?? 0)} .${m[1]}() without .where()`);
    }
  }
  for (const f of findKindLiterals(file, text, connectorKind.enumValues)) {
    problems.push(
      `${f.file}:${f.line} ${f.why} (${f.found}) outside lib/connectors/<kind>/: use its descriptor`,
    );
  }
  problems.push(...findCjkLiterals(file, text), ...findLegacyI18nImports(file, text));
  if (/\.(test|spec)\.tsx?$/.test(file)) {
    for (const m of text.matchAll(
      /\b(it|test|describe)\.(skip|only|todo|skipIf|runIf)\b|\b(xit|xdescribe|fit|fdescribe)\(/g,
    )) {
      problems.push(`${file}:${lineOf(text, m.index ?? 0)} skipped or focused test (${m[0]})`);
    }
  }
}

try {
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'dpdm'),
    [
      '--no-warning',
      '--no-tree',
      '--exit-code',
      'circular:1',
      '-T',
      '--skip-dynamic-imports',
      'circular',
      'app/**/*.ts',
      'app/**/*.tsx',
      'lib/**/*.ts',
      'worker/**/*.ts',
      'db/**/*.ts',
      'components/**/*.tsx',
      'sandbox/**/*.ts',
    ],
    { stdio: 'pipe' },
  );
} catch (error) {
  const out = String((error as { stdout?: Buffer }).stdout ?? error);
  problems.push(`circular imports:\n${out.trim()}`);
}

// Folder-level cycles: dpdm's graph of lib/ (type-only imports dropped), collapsed to directories.
const graphFile = path.join(os.tmpdir(), `huiban-lib-graph-${process.pid}.json`);
try {
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'dpdm'),
    [
      '--no-warning',
      '--no-tree',
      '-T',
      '--skip-dynamic-imports',
      'tree',
      '--output',
      graphFile,
      'lib/**/*.ts',
    ],
    { stdio: 'pipe' },
  );
  const cycles = findFolderCycles(graphFromDpdm(JSON.parse(readFileSync(graphFile, 'utf8'))));
  problems.push(...cycles);
} finally {
  rmSync(graphFile, { force: true });
}

if (problems.length) {
  console.error(
    `check-conventions: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`check-conventions: ${files.length} files OK`);
