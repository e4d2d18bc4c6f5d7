import { z } from 'zod';

/**
 * Zod probes `new Function` to compile fast object parsers. Under the pages' nonce CSP (no 'unsafe-eval') the
 * probe is refused and reported as a CSP violation even though zod then falls back; the browser parses
 * little, so it skips the probe. Imported once by the provider stack, before any client-side parse.
 */
if (typeof window !== 'undefined') z.config({ jitless: true });
