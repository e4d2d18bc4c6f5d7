/** Keys whose values are credentials or signatures: shown masked in the event log (invariant 6). */
const SECRET_KEY =
  /token|secret|password|passwd|aes_?key|encoding_?aes|sign|authorization|cookie|api_?key|credential|private/i;

export const MASK = '••••••';

/**
 * A deep copy of a payload with every value under a secret-looking key replaced by a mask (recursively,
 * through arrays and nested objects). Keys stay visible so an admin can see a value was there.
 */
export function maskSecrets(value: unknown, depth = 0): unknown {
  if (depth > 32) return MASK;
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) && v !== null && v !== '' ? MASK : maskSecrets(v, depth + 1),
      ]),
    );
  }
  return value;
}
