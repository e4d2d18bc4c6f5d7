import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Shapes that are secrets whoever created them: open-API keys, bcrypt hashes, the test accounts' password. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['api key', /hbk_[A-Za-z0-9_-]{20,}/],
  ['bcrypt hash', /\$2[aby]\$\d\d\$[./A-Za-z0-9]{20,}/],
  ['test password', /test-password-1/],
];

/**
 * Integration-run global setup: empties the log directory the workers write to (lib/testing/log-capture.setup.ts);
 * the teardown scans every captured log line for the planted secrets (lib/testing/planted-secrets.ts) and the
 * patterns above, writes the figures to bench/results/secrets-scan.json and fails the run on any finding.
 */
export default function setup() {
  const dir = process.env.HUIBAN_TEST_LOG_DIR;
  if (!dir) throw new Error('HUIBAN_TEST_LOG_DIR is not set (vitest.config.ts, int project)');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return () => {
    const result = scanLogs(dir);
    const summary = `secrets scan: ${result.lines} log lines in ${result.files} files, ${result.planted} planted secrets, ${result.findings.length} found`;
    console.log(summary);
    const out = path.join(process.cwd(), 'bench/results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'secrets-scan.json'),
      `${JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
    if (result.findings.length > 0) {
      throw new Error(
        `${summary}:\n${result.findings.map((f) => `  ${f.file}:${f.line} ${f.what}`).join('\n')}`,
      );
    }
  };
}

export function scanLogs(dir: string) {
  const names = readdirSync(dir);
  const planted = new Set<string>();
  for (const name of names.filter((n) => n.startsWith('planted-'))) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line) planted.add(JSON.parse(line) as string);
    }
  }
  const findings: { file: string; line: number; what: string }[] = [];
  let lines = 0;
  const logs = names.filter((n) => n.startsWith('app-'));
  for (const name of logs) {
    const text = readFileSync(path.join(dir, name), 'utf8').split('\n');
    text.forEach((line, i) => {
      if (!line) return;
      lines += 1;
      for (const secret of planted) {
        // A secret may be logged raw or inside JSON (escaped); check both spellings.
        if (line.includes(secret) || line.includes(JSON.stringify(secret).slice(1, -1))) {
          findings.push({ file: name, line: i + 1, what: `planted secret ${secret.slice(0, 4)}…` });
        }
      }
      for (const [what, pattern] of SECRET_PATTERNS) {
        if (pattern.test(line)) findings.push({ file: name, line: i + 1, what });
      }
    });
  }
  return { files: logs.length, lines, planted: planted.size, findings };
}
