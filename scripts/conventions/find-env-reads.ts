/**
 * Configuration is read in one place: `lib/env.ts` (validated `env()`, or `rawEnv()` for the few readers that
 * must work without the whole environment). Entry points that run as their own process (scripts, the worker's
 * boot, db tools, the sandbox, e2e and bench harnesses) and tool configs read process.env directly.
 */
const EXEMPT: RegExp[] = [
  /^lib\/env\.ts$/,
  /^(scripts|sandbox|e2e|bench)\//,
  /^worker\/index\.ts$/,
  // db/ entry points and the connection factory (db/client.ts is loaded by the migrator without lib/).
  /^db\/[^/]+\.ts$/,
  // Test helpers set up the environment of the test process itself.
  /^lib\/testing\//,
  /\.(test|spec)\.tsx?$/,
  /^[^/]+\.config\.(ts|mts|mjs|js)$/,
  /^next\.config\.(ts|mjs|js)$/,
  // Next inlines process.env.NEXT_RUNTIME here at build time (keeps Node-only code out of the edge bundle).
  /^instrumentation\.ts$/,
];

export function isExemptFromEnvRule(file: string): boolean {
  return EXEMPT.some((pattern) => pattern.test(file));
}

export function findEnvReads(file: string, text: string): string[] {
  if (isExemptFromEnvRule(file)) return [];
  const problems: string[] = [];
  for (const m of text.matchAll(/\bprocess\.env\b/g)) {
    const line = text.slice(0, m.index).split('\n').length;
    problems.push(`${file}:${line} reads process.env; read configuration through lib/env.ts`);
  }
  return problems;
}
