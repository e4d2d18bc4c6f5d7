import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Java `String.CASE_INSENSITIVE_ORDER` (yida-connect-api.md §1.5): char by char, folding with toUpperCase then
 * toLowerCase; the shorter string first on a tie. Not locale collation and not a plain ordinal sort
 * (`_` sorts before letters).
 */
export function javaCaseInsensitiveCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charAt(i);
    let y = b.charAt(i);
    if (x !== y) {
      x = x.toUpperCase();
      y = y.toUpperCase();
      if (x !== y) {
        x = x.toLowerCase();
        y = y.toLowerCase();
        if (x !== y) return x.charCodeAt(0) - y.charCodeAt(0);
      }
    }
  }
  return a.length - b.length;
}

/**
 * The MD5 `sign` of an integration-center push (§1.5): every parameter except `sign`, keys sorted with Java's
 * CASE_INSENSITIVE_ORDER, values concatenated with no keys or separators, then the app's systemToken; MD5 of
 * the UTF-8 bytes as lowercase hex. `task` is signed as the exact text received, never re-serialised JSON.
 */
export function yidaPushSign(params: Record<string, string>, systemToken: string): string {
  const plaintext =
    Object.keys(params)
      .filter((k) => k !== 'sign')
      .sort(javaCaseInsensitiveCompare)
      .map((k) => params[k] ?? '')
      .join('') + systemToken;
  return createHash('md5').update(plaintext, 'utf8').digest('hex');
}

/** Whether `params.sign` matches; hex case is UNCONFIRMED, so compared case-insensitively, in constant time. */
export function isValidYidaSign(params: Record<string, string>, systemToken: string): boolean {
  const got = Buffer.from(String(params.sign ?? '').toLowerCase());
  const want = Buffer.from(yidaPushSign(params, systemToken));
  return got.length === want.length && timingSafeEqual(got, want);
}
