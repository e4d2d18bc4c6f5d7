const FALLBACK = '/inbox/pending';
const BASE = 'http://huiban.invalid';

/**
 * Where to go after signing in: only a path on this site. The value is resolved the way a browser would
 * (after URL normalisation: backslashes, tabs and newlines, percent-encoded slashes) against a fixed origin,
 * and must stay on that origin; `//evil`, `/\evil`, `/%09/evil`, `https://evil` and `javascript:` all fail.
 */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value?.startsWith('/')) return FALLBACK;
  // Browsers strip tabs/newlines and treat `\` as `/` before resolving; decoding first catches `%5C`, `%09`.
  let decoded = value;
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return FALLBACK;
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\\\u0000-\u001f\u007f]/.test(decoded) || decoded.startsWith('//')) return FALLBACK;
  let resolved: URL;
  try {
    resolved = new URL(value, BASE);
  } catch {
    return FALLBACK;
  }
  if (resolved.origin !== BASE) return FALLBACK;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  return path.startsWith('//') ? FALLBACK : path;
}
