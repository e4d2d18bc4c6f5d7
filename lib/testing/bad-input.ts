/**
 * Building blocks of the bad-input suite (bad-input.int.test.ts): a seeded PRNG, so a run is reproducible
 * from its seed, and the hostile strings every field gets a taste of.
 */

/** mulberry32: tiny, fast, good enough to pick test cases; same seed → same cases. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof seededRandom>;

export const SQL_INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE tasks; --",
  '1; SELECT pg_sleep(5)--',
  "' UNION SELECT password_hash FROM users --",
  '$$; DELETE FROM users; $$',
  "admin'--",
  '1 OR 1=1',
  "\\'; TRUNCATE inbound_events; --",
];

export const HTML_INJECTION = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '<iframe src="javascript:alert(1)"></iframe>',
  '{{constructor.constructor("alert(1)")()}}',
];

export const UNICODE_EDGE = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '👨‍👩‍👧‍👦🧨',
  '\ufeffBOM',
  '\u0085\u2028\u2029',
  'Z̵̡̢͎̈́a̸l̷g̶o̷',
  '𝕳𝖚𝖎𝖇𝖆𝖓',
  '\u0007\u001b[31m',
];

export const ODD_VALUES = [
  '../../../../etc/passwd',
  '%s%s%s%n',
  '{"$ne":null}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  '-1',
  '9'.repeat(400),
  'NaN',
  '',
  ' ',
];

export const NASTY = [...SQL_INJECTION, ...HTML_INJECTION, ...UNICODE_EDGE, ...ODD_VALUES];

/** A nasty string, now and then a huge one. */
export function nasty(rng: Rng): string {
  if (rng.chance(0.08)) return rng.pick(['A', '汇', '<', "'", '😀']).repeat(20_000 + rng.int(50_000));
  return rng.pick(NASTY);
}

/** Every string leaf of a JSON value replaced by a nasty string (keys kept). */
export function sprinkle(value: unknown, rng: Rng): unknown {
  if (typeof value === 'string') return nasty(rng);
  if (Array.isArray(value)) return value.map((v) => sprinkle(v, rng));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sprinkle(v, rng)]));
  }
  return value;
}

/** A value of the wrong JSON type for a field holding `value`. */
export function wrongType(value: unknown, rng: Rng): unknown {
  const options: unknown[] = [{ $ne: null }, [nasty(rng)]];
  // Only values of another type: `true` for a boolean field (or -1 for a number) would be valid input.
  if (typeof value !== 'number') options.push(1e308, -1);
  if (typeof value !== 'boolean') options.push(true);
  if (typeof value !== 'string') options.push(nasty(rng));
  if (!Array.isArray(value) && typeof value !== 'object') options.push({ [nasty(rng)]: nasty(rng) });
  return rng.pick(options);
}

/** A valid JSON text cut short somewhere inside. */
export function truncate(text: string, rng: Rng): string {
  return text.slice(0, Math.max(1, rng.int(text.length - 1)));
}
