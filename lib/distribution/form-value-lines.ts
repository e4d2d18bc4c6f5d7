// Browser-safe: the admin form edits the form-values allow-list as text lines.

/** `PROC-1: 金额, textField_x` lines (ASCII or full-width colon) ⇄ the per-process allow-list of the form-values opt-in. */
export function parseFieldLines(text: string | undefined): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const line of (text ?? '').split('\n')) {
    const at = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('：');
    if (at <= 0) continue;
    const code = line.slice(0, at).trim();
    const names = line
      .slice(at + 1)
      .split(/[,，、]/)
      .map((n) => n.trim())
      .filter(Boolean);
    if (code && names.length) fields[code] = [...new Set([...(fields[code] ?? []), ...names])];
  }
  return fields;
}

export function formatFieldLines(fields: Record<string, string[]> | undefined): string {
  return Object.entries(fields ?? {})
    .map(([code, names]) => `${code}: ${names.join(', ')}`)
    .join('\n');
}
