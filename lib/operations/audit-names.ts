import { inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, processInstances, subscriptions, tasks, users, workflowDefinitions } from '@/db/schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id-shaped string in a row's target and details (nested objects and arrays included). */
export function idsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) idsIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) idsIn(v, into);
  }
  return into;
}

/**
 * What each id stands for, for a reader of the audit log: a person's name, a task's or an instance's title,
 * a connector's, subscription's or process's name. An id of something since deleted stays unnamed.
 */
export async function namesOfIds(db: Db, ids: Iterable<string>): Promise<Record<string, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return {};
  const lookups = await Promise.all([
    db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, list)),
    db.select({ id: tasks.id, name: tasks.title }).from(tasks).where(inArray(tasks.id, list)),
    db
      .select({ id: processInstances.id, name: processInstances.title })
      .from(processInstances)
      .where(inArray(processInstances.id, list)),
    db
      .select({ id: connectors.id, name: connectors.name })
      .from(connectors)
      .where(inArray(connectors.id, list)),
    db
      .select({ id: subscriptions.id, name: subscriptions.name })
      .from(subscriptions)
      .where(inArray(subscriptions.id, list)),
    db
      .select({ id: workflowDefinitions.id, name: workflowDefinitions.name })
      .from(workflowDefinitions)
      .where(inArray(workflowDefinitions.id, list)),
  ]);
  const names: Record<string, string> = {};
  for (const rows of lookups) for (const r of rows) names[r.id] = r.name;
  return names;
}
