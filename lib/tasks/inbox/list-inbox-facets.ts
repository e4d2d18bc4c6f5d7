import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, processInstances, tasks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { shownOriginatorName, shownProcessName } from './inbox-sql';

/** What the filter bar offers: the viewer's own processes and connectors (never other people's). */
export async function listInboxFacets(
  db: DbOrTx,
  viewer: Viewer,
): Promise<{
  processes: string[];
  connectors: { id: string; name: string; kind: string }[];
  originators: string[];
}> {
  const processRows = await db
    .selectDistinct({ name: shownProcessName })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(and(eq(tasks.assigneeUserId, viewer.userId), sql`${shownProcessName} IS NOT NULL`))
    .limit(200);
  // The originators as the rows show them (a DingTalk originator is named through the directory).
  const originatorRows = await db
    .selectDistinct({ name: shownOriginatorName })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(and(eq(tasks.assigneeUserId, viewer.userId), sql`${shownOriginatorName} IS NOT NULL`))
    .limit(200);
  const connectorRows = await db
    .selectDistinct({ id: connectors.id, name: connectors.name, kind: connectors.kind })
    .from(tasks)
    .innerJoin(connectors, eq(connectors.id, tasks.connectorId))
    .where(eq(tasks.assigneeUserId, viewer.userId));
  return {
    processes: processRows
      .map((p) => p.name ?? '')
      .filter(Boolean)
      .sort(),
    connectors: connectorRows,
    originators: originatorRows
      .map((o) => o.name ?? '')
      .filter(Boolean)
      .sort(),
  };
}
