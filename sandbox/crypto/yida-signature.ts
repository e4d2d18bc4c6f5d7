import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Java `String.CASE_INSENSITIVE_ORDER` (yida-connect-api.md §1.5): char by char, folding with
 * toUpperCase then toLowerCase; shorter string first on a tie. Not locale collation, not ordinal.
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

/** The plaintext that is MD5-signed: values in key order (no keys, no separators) + systemToken. */
export function yidaSignaturePlaintext(params: Record<string, string>, systemToken: string): string {
  return (
    Object.keys(params)
      .filter((k) => k !== 'sign')
      .sort(javaCaseInsensitiveCompare)
      .map((k) => params[k] ?? '')
      .join('') + systemToken
  );
}

/** Lowercase hex MD5 of the plaintext (hex case is UNCONFIRMED; Java producers emit lowercase). */
export function yidaPushSign(params: Record<string, string>, systemToken: string): string {
  return createHash('md5').update(yidaSignaturePlaintext(params, systemToken), 'utf8').digest('hex');
}

/** Case-insensitive, constant-time check of `params.sign`. */
export function verifyYidaPush(params: Record<string, string>, systemToken: string): boolean {
  const got = Buffer.from(String(params.sign ?? '').toLowerCase());
  const want = Buffer.from(yidaPushSign(params, systemToken));
  return got.length === want.length && timingSafeEqual(got, want);
}
