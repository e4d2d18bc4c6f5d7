import { announceTasks } from '@/lib/connectors/dingtalk/task-notices/announce-tasks';
import type { JobHandler } from '../job-handler';

/** An instance of a source that does not notify by itself was written: DingTalk notices (and 待办) follow it. */
export const handleAnnounceTasks: JobHandler<'announce-tasks'> = async (payload, ctx) => {
  const result = await announceTasks(ctx.db, payload);
  if (result.sent + result.closed + result.skipped + result.todos > 0)
    ctx.log.info({ ...payload, ...result }, 'task notices announced');
};
