import { and, eq, isNotNull, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { processInstances, tasks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { delegatedToSql, delegatorsOfSql } from '@/lib/delegation/delegation-sql';
import type { InboxView } from './inbox-filters';
import { notTwinTask } from './same-approval-sql';

/** The conditions that define each task view for a viewer (待我处理 / 我已处理 / 抄送我的). */
export function taskViewWhere(viewer: Viewer, view: Exclude<InboxView, 'initiated'>): SQL | undefined {
  // One task for one approval: a twin's task is shown through its primary (same-approval-sql.ts).
  const mine = and(eq(tasks.assigneeUserId, viewer.userId), notTwinTask());
  switch (view) {
    case 'pending':
      // An acted task leaves 待我处理 at once, whatever a late event says (design: task_actions). 代理: the
      // pending tasks of whoever delegated to the viewer right now are theirs to act on too (docs/delegation.md).
      // The any() is an index condition on the viewer and their delegators, so the OR never scans all tasks.
      return and(
        sql`${tasks.assigneeUserId} = any(array[${viewer.userId}]::uuid[] || ${delegatorsOfSql(viewer.userId)})`,
        or(mine, delegatedToSql(viewer.userId)),
        eq(tasks.kind, 'approval'),
        eq(tasks.status, 'pending'),
        isNull(tasks.actedAt),
      );
    case 'done':
      return and(mine, eq(tasks.kind, 'approval'), or(ne(tasks.status, 'pending'), isNotNull(tasks.actedAt)));
    case 'cc':
      return and(mine, eq(tasks.kind, 'cc'));
  }
}

/**
 * The process name shown in Huiban: the mapping's display name (/admin/processes), else the source's name.
 * Used for display, the process filter and the facets alike, so what the filter offers is what rows show.
 */
export const shownProcessName = sql<string | null>`coalesce((
  SELECT ps.display_name FROM process_settings ps
  WHERE ps.connector_id = ${processInstances.connectorId} AND ps.process_code = ${processInstances.processCode}
), ${processInstances.processName})`;

/**
 * The originator as every list shows them, for every source: the name the source gave, else the linked Huiban
 * user's, else the source directory's name for that person (DingTalk instances carry only a userId), else the
 * source's id. The originator filter and facets read the same people (`originatorSearchText`).
 */
export const shownOriginatorName = sql<string | null>`coalesce(
  ${processInstances.originatorName},
  (SELECT u.name FROM users u WHERE u.id = ${processInstances.originatorUserId}),
  (SELECT i.name FROM identities i
    WHERE i.connector_id = ${processInstances.connectorId} AND i.external_user_id = ${processInstances.originatorExternalId}),
  ${processInstances.originatorExternalId})`;

/** Every name the originator goes by (source, Huiban user, source directory) and their source id, for the filter. */
export const originatorSearchText = sql<string>`concat_ws(' ',
  ${processInstances.originatorName},
  (SELECT u.name FROM users u WHERE u.id = ${processInstances.originatorUserId}),
  (SELECT i.name FROM identities i
    WHERE i.connector_id = ${processInstances.connectorId} AND i.external_user_id = ${processInstances.originatorExternalId}),
  ${processInstances.originatorExternalId})`;
