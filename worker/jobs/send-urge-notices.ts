import { sendUrgeNotices } from '@/lib/reminders/send-urge-notices';
import type { JobHandler } from '../job-handler';

/** A 催办: one DingTalk work notice per current approver, each once (lib/reminders). */
export const handleSendUrgeNotices: JobHandler<'send-urge-notices'> = async (payload, ctx) => {
  const result = await sendUrgeNotices(ctx.db, payload);
  ctx.log.info({ ...payload, ...result }, 'urge notices');
};
