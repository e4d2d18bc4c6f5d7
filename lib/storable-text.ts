const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The string with lone surrogates replaced by U+FFFD (what a UTF-8 encoder sends for them). */
export function wellFormed(value: string): string {
  return value.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and jsonb refuses lone UTF-16 surrogates (`"\ud800"`).
 * Input carrying either can never be stored, so receivers answer 400 up front instead of failing the insert
 * (a 5xx that would make a source retry forever). Checks strings, array items, object keys and values.
 */
export function hasUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000') || LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => hasUnstorableText(k) || hasUnstorableText(v));
  }
  return false;
}
