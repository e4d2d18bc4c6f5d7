import type { LoadedRun } from './load-run';

/** `{{form.key}}` / `{{instance.id}}` / `{{originator.name}}` in action input templates. */
export function fillTemplate(input: unknown, loaded: LoadedRun): unknown {
  if (typeof input === 'string') {
    const whole = /^\{\{\s*form\.([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}$/.exec(input);
    if (whole?.[1]) {
      // A whole `{{form.key}}` keeps the value's type; money and numbers become JSON numbers.
      const value = loaded.run.values[whole[1]] ?? null;
      const field = loaded.body.form.fields.find((f) => f.key === whole[1]);
      return (field?.type === 'money' || field?.type === 'number') && value !== null ? Number(value) : value;
    }
    return input.replace(
      /\{\{\s*(form|instance|originator)\.([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g,
      (_, scope, key) => {
        if (scope === 'form') {
          const v = loaded.run.values[key];
          return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        }
        if (scope === 'instance') return key === 'id' ? loaded.run.id : '';
        return key === 'name' ? loaded.originator.name : key === 'id' ? loaded.originator.userId : '';
      },
    );
  }
  if (Array.isArray(input)) return input.map((v) => fillTemplate(v, loaded));
  if (input && typeof input === 'object')
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, fillTemplate(v, loaded)]));
  return input;
}
