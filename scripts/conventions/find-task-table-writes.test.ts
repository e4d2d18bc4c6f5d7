import { expect, test } from 'vitest';
import { findTaskTableWrites } from './find-task-table-writes';

test('a drizzle write of a task table outside the write module is caught', () => {
  const text =
    "import { tasks } from '@/db/schema';\nawait tx.update(tasks).set({ readAt: now }).where(w);\n";
  expect(findTaskTableWrites('lib/tasks/inbox/mark.ts', text)).toEqual([
    'lib/tasks/inbox/mark.ts:2 writes tasks outside lib/tasks/write/ (invariant 4): .update(tasks)',
  ]);
  expect(findTaskTableWrites('lib/people/x.ts', 'db.insert( processInstances ).values(v)')).toHaveLength(1);
  expect(findTaskTableWrites('worker/jobs/x.ts', 'tx.delete(attachments).where(w)')).toHaveLength(1);
});

test('raw SQL writes are caught, quoted or not; prose in lower case is not SQL', () => {
  expect(findTaskTableWrites('lib/x.ts', 'sql`UPDATE tasks SET acted_at = now()`')).toHaveLength(1);
  expect(findTaskTableWrites('lib/x.ts', 'sql`INSERT INTO "process_logs" (id) VALUES (1)`')).toHaveLength(1);
  expect(findTaskTableWrites('app/api/x/route.ts', 'sql`DELETE FROM attachments WHERE id = 1`')).toHaveLength(
    1,
  );
  expect(findTaskTableWrites('lib/x.ts', '// the worker may update tasks later')).toEqual([]);
});

test('reads, other tables and the write module itself pass', () => {
  const read =
    'const rows = await db.select().from(tasks).where(eq(tasks.id, id));\ndb.update(taskActions).set(s).where(w);';
  expect(findTaskTableWrites('lib/tasks/inbox/list-inbox.ts', read)).toEqual([]);
  expect(findTaskTableWrites('lib/x.ts', 'sql`UPDATE task_actions SET x = 1`')).toEqual([]);
  expect(
    findTaskTableWrites('lib/tasks/write/mark-task-acted.ts', 'db.update(tasks).set(s).where(w)'),
  ).toEqual([]);
});

test('tests, seeds, benchmarks and scripts are exempt', () => {
  const write = 'db.insert(tasks).values(v)';
  for (const file of ['lib/tasks/x.int.test.ts', 'db/seed.ts', 'bench/x.bench.ts', 'scripts/chaos/run.ts'])
    expect(findTaskTableWrites(file, write)).toEqual([]);
});
