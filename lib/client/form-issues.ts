/**
 * Maps the issues of a 400 from the start route onto form fields. The engine reports each issue with a path
 * `['values', fieldKey, rowIndex?, columnKey?]` (or the same joined with dots); the form's field names are
 * `[fieldKey, rowIndex, columnKey]` (table rows are a Form.List). An attachment's own index is dropped: the
 * whole field shows the message. Issues that name no field are returned apart, for a page-level message.
 */
export function issuesToFieldErrors<I extends { path: string | (string | number)[]; message: string }>(
  issues: I[],
  fields: { key: string; type: string }[],
  /** The message to show for an issue (`useIssueMessage()` says zod's codes in the UI language). */
  messageOf: (issue: I) => string = (issue) => issue.message,
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
    const message = messageOf(issue);
    if (!key || !type) {
      other.push(message);
      continue;
    }
    let name: (string | number)[] = [key];
    if (type === 'table' && rest.length >= 3 && /^\d+$/.test(rest[1] ?? ''))
      name = [key, Number(rest[1]), rest[2] as string];
    const id = JSON.stringify(name);
    const entry = byName.get(id) ?? { name, errors: [] };
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byName.set(id, entry);
  }
  return { fields: [...byName.values()], other };
}

/**
 * The form's values once its rules pass, or null when they do not: antd then shows the messages under the
 * fields, and nothing else is to be done. `form.validateFields()` itself rejects on a failed rule, and a
 * handler that awaited it without a catch left an uncaught promise rejection per click.
 */
export async function validatedValues<V>(form: { validateFields: () => Promise<V> }): Promise<V | null> {
  try {
    return await form.validateFields();
  } catch (error) {
    if (error && typeof error === 'object' && 'errorFields' in error) return null;
    throw error;
  }
}
