import { announceTasks } from '@/lib/connectors/dingtalk/task-notices/announce-tasks';
// The sources that announce register their policies on import (a worker may not have loaded them otherwise).
import '@/lib/connectors/api/api-notice-policy';
import '@/lib/connectors/local/task-notice-policy';
import type { JobHandler } from '../job-handler';

/** An instance of a source that does not notify by itself was written: DingTalk notices (and 待办) follow it. */
export const handleAnnounceTasks: JobHandler<'announce-tasks'> = async (payload, ctx) => {
  const result = await announceTasks(ctx.db, payload);
  if (result.sent + result.closed + result.skipped + result.todos > 0)
    ctx.log.info({ ...payload, ...result }, 'task notices announced');
};
