/** Schemes a link from a source may carry into Huiban's pages: the web, and DingTalk's in-client links. */
const SAFE_SCHEME = /^(https?:|dingtalk:)/i;

/**
 * A source's link, or null when it could run script or smuggle content (`javascript:`, `data:`, `vbscript:`…).
 * Browsers ignore leading control characters and whitespace and are case-blind, so the scheme is read the same
 * way. Relative links are dropped too: they would resolve against Huiban's own origin.
 */
export function safeLink(value: string | null | undefined): string | null {
  if (value == null) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: what browsers strip before reading the scheme
  const trimmed = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return SAFE_SCHEME.test(trimmed) ? value.trim() : null;
}
