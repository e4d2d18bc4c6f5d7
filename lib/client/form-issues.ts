/**
 * Maps the issues of a 400 from the start route onto form fields. The engine reports each issue with a path
 * `['values', fieldKey, rowIndex?, columnKey?]` (or the same joined with dots); the form's field names are
 * `[fieldKey, rowIndex, columnKey]` (table rows are a Form.List). An attachment's own index is dropped: the
 * whole field shows the message. Issues that name no field are returned apart, for a page-level message.
 */
export function issuesToFieldErrors(
  issues: { path: string | (string | number)[]; message: string }[],
  fields: { key: string; type: string }[],
): { fields: { name: (string | number)[]; errors: string[] }[]; other: string[] } {
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const other: string[] = [];
  const types = new Map(fields.map((f) => [f.key, f.type]));
  for (const issue of issues) {
    const raw = Array.isArray(issue.path) ? issue.path.map(String) : issue.path.split('.');
    const path = raw[0] === 'body' ? raw.slice(1) : raw;
    const rest = path[0] === 'values' ? path.slice(1) : path;
    const key = rest[0];
    const type = key ? types.get(key) : undefined;
    if (!key || !type) {
      other.push(issue.message);
      continue;
    }
    let name: (string | number)[] = [key];
    if (type === 'table' && rest.length >= 3 && /^\d+$/.test(rest[1] ?? ''))
      name = [key, Number(rest[1]), rest[2] as string];
    const id = JSON.stringify(name);
    const entry = byName.get(id) ?? { name, errors: [] };
    if (!entry.errors.includes(issue.message)) entry.errors.push(issue.message);
    byName.set(id, entry);
  }
  return { fields: [...byName.values()], other };
}
