/**
 * Invariant 4: only the task write module (lib/tasks/write/) writes process_instances, tasks, process_logs and
 * attachments. Finds drizzle writes (`.insert(tasks)`, `.update(processInstances)`, `.delete(attachments)`) and
 * raw SQL (`INSERT INTO tasks`, `UPDATE process_logs`, `DELETE FROM attachments`; upper-case keywords, as this
 * codebase writes SQL, so prose such as "update tasks" in a comment is not a finding) anywhere else. Tests, seeds,
 * benchmarks and scripts set up or measure data and are exempt.
 */
export const WRITE_MODULE = 'lib/tasks/write/';

const DRIZZLE_WRITE = /\.(insert|update|delete)\(\s*(processInstances|tasks|processLogs|attachments)\s*\)/g;
const SQL_WRITE =
  /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(process_instances|tasks|process_logs|attachments)"?\b/g;

export function isExemptFromWriteRule(file: string): boolean {
  return (
    file.startsWith(WRITE_MODULE) ||
    /\.(test|spec)\.tsx?$/.test(file) ||
    /^db\/seed[^/]*\.ts$/.test(file) ||
    /^(bench|scripts|e2e|sandbox)\//.test(file) ||
    file.startsWith('db/migrations/')
  );
}

export function findTaskTableWrites(file: string, text: string): string[] {
  if (isExemptFromWriteRule(file)) return [];
  const problems: string[] = [];
  for (const pattern of [DRIZZLE_WRITE, SQL_WRITE]) {
    for (const m of text.matchAll(pattern)) {
      const line = text.slice(0, m.index).split('\n').length;
      problems.push(`${file}:${line} writes ${m[2]} outside ${WRITE_MODULE} (invariant 4): ${m[0].trim()}`);
    }
  }
  return problems;
}
