import { type SQL, sql } from 'drizzle-orm';
import { processInstances, tasks } from '@/db/schema';

/**
 * One task for one approval: a task of a twin instance (same_approval_links) is not listed or
 * counted when its assignee has a task of the same kind on the primary: the inbox shows the approval once,
 * through the primary, whose detail page carries both sources' links. A twin task whose assignee has nothing
 * on the primary (e.g. the DingTalk approver of a local workflow's DingTalk step) stays.
 */
export function notTwinTask(): SQL {
  return sql`NOT EXISTS (
    SELECT 1 FROM same_approval_links sal
    JOIN tasks pt ON pt.instance_id = sal.primary_instance_id
      AND pt.assignee_user_id = ${tasks.assigneeUserId} AND pt.kind = ${tasks.kind}
    WHERE sal.twin_instance_id = ${tasks.instanceId})`;
}

/** 我发起的: a twin instance is not listed when its primary has the same originator. */
export function notTwinInstance(): SQL {
  return sql`NOT EXISTS (
    SELECT 1 FROM same_approval_links sal
    JOIN process_instances pi ON pi.id = sal.primary_instance_id
      AND pi.originator_user_id = ${processInstances.originatorUserId}
    WHERE sal.twin_instance_id = ${processInstances.id})`;
}
