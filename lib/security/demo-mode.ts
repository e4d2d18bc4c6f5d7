/**
 * Whether a start runs in demo mode (published passwords, connectors with repository secrets, the sandbox).
 * An explicit HUIBAN_DEMO wins; otherwise only `npm run dev` on the embedded database (no DATABASE_URL).
 * `npm start` (`prod`) never implies it.
 */
export function resolveDemoMode(options: {
  prod: boolean;
  env: Record<string, string | undefined>;
}): boolean {
  const explicit = options.env.HUIBAN_DEMO;
  if (explicit) return explicit === 'true';
  return !options.prod && !options.env.DATABASE_URL;
}
