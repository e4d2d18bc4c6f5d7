import { type SQL, sql } from 'drizzle-orm';

/**
 * 代理 in SQL: the outer `tasks` row (named explicitly, since drizzle leaves a one-table select's columns
 * unqualified) belongs to someone who has delegated it to `delegateUserId` right now: inside the window, not
 * cancelled, and for all processes or this one. One level only: the grant names the task's own assignee. The
 * same rule as `delegationCovers()` (lib/auth/permissions.ts), for queries.
 */
export function delegatedToSql(delegateUserId: string): SQL {
  return sql`exists (
    select 1 from delegations d
    where d.delegate_user_id = ${delegateUserId}
      and d.principal_user_id = "tasks"."assignee_user_id"
      and d.starts_at <= now() and d.ends_at > now()
      and (d.cancelled_at is null or d.cancelled_at > now())
      and (d.processes is null or d.processes @> jsonb_build_array(jsonb_build_object(
        'connectorId', "tasks"."connector_id"::text,
        'processCode', (select pi.process_code from process_instances pi where pi.id = "tasks"."instance_id")))))`;
}

/**
 * Who has delegated to `delegateUserId` right now, as an array: `assignee_user_id = any(…)` is an index condition,
 * so a list or count that includes delegated tasks reads only those people's rows, never every pending task
 * (`delegatedToSql` then checks each row's process).
 */
export function delegatorsOfSql(delegateUserId: string): SQL {
  return sql`array(
    select d.principal_user_id from delegations d
    where d.delegate_user_id = ${delegateUserId}
      and d.starts_at <= now() and d.ends_at > now()
      and (d.cancelled_at is null or d.cancelled_at > now()))`;
}

/** For a row of someone else's task in the viewer's list: whose it is ("代 王五"); null on the viewer's own. */
export function onBehalfOfNameSql(viewerUserId: string): SQL<string | null> {
  return sql<string | null>`case when "tasks"."assignee_user_id" is distinct from ${viewerUserId}
    then (select u.name from users u where u.id = "tasks"."assignee_user_id") end`;
}

/** Who acted for the assignee (the delegate's name on the task's latest delegated action), else null. */
export const actedByDelegateNameSql = sql<string | null>`(
  select ta.params->>'delegateName' from task_actions ta
  where ta.task_id = "tasks"."id" and ta.params->>'delegateUserId' is not null
    and ta.write_back_status <> 'failed'
  order by ta.created_at desc limit 1)`;
