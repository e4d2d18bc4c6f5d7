import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { announceTasksOf, type NoticePolicy } from '../dingtalk/task-notices/notice-policy';
import { type ApiNoticesView, saveApiNoticesSchema } from './admin-input';

const OFF: ApiNoticesView = {
  dingtalkConnectorId: null,
  announce: false,
  mirrorTodo: false,
  approvalCentre: false,
};

/** An `api` connector's notice settings (`config.notices`), off when never set or unreadable. */
export function apiNoticesOf(config: Record<string, unknown>): ApiNoticesView {
  const parsed = saveApiNoticesSchema.safeParse(config.notices ?? OFF);
  return parsed.success ? parsed.data : OFF;
}

/** The open API's tasks are announced when the (enabled) connector chose a DingTalk connector and switched it on. */
export async function apiNoticePolicy(
  db: DbOrTx,
  instance: { connectorId: string },
): Promise<NoticePolicy | null> {
  const [row] = await db
    .select({ config: connectors.config, enabled: connectors.enabled })
    .from(connectors)
    .where(eq(connectors.id, instance.connectorId));
  if (!row?.enabled) return null;
  const n = apiNoticesOf(row.config);
  if (!n.dingtalkConnectorId || (!n.announce && !n.mirrorTodo && !n.approvalCentre)) return null;
  // One channel per task: the approval centre replaces the 待办 mirror when both are set.
  return {
    dingtalkConnectorId: n.dingtalkConnectorId,
    announce: n.announce,
    mirrorTodo: n.mirrorTodo && !n.approvalCentre,
    approvalCentre: n.approvalCentre,
  };
}

// Registered where pushes are applied (push-instance.ts imports this module) and in the worker's job handler.
announceTasksOf('api', apiNoticePolicy, 'connector');
