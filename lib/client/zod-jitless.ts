/**
 * Zod probes `new Function` to compile fast object parsers. Under the pages' nonce CSP (no 'unsafe-eval') the
 * probe is refused and reported as a CSP violation even though zod then falls back; the browser parses
 * little, so it skips the probe. Imported once by the provider stack, before any client-side parse.
 *
 * Zod keeps its global configuration on `globalThis.__zod_globalConfig` and adopts an object already there, so
 * the flag is set without importing zod: the provider stack is in every page's first load, and most pages never
 * parse with zod in the browser (the inbox does not), so zod is downloaded only by the pages that use it.
 */
type ZodGlobal = { __zod_globalConfig?: Record<string, unknown> };

if (typeof window !== 'undefined') {
  const global = globalThis as ZodGlobal;
  global.__zod_globalConfig = Object.assign(global.__zod_globalConfig ?? {}, { jitless: true });
}

export {};
