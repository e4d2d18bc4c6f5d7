import { notifyMentions } from '@/lib/comments/notify-mentions';
import type { JobHandler } from '../job-handler';

/** People @-mentioned in a comment on this instance get their DingTalk work notice (once each). */
export const handleNotifyMentions: JobHandler<'notify-mentions'> = async (payload, ctx) => {
  const result = await notifyMentions(ctx.db, { ...payload, log: ctx.log });
  if (result.sent + result.notNotified > 0) ctx.log.info({ ...payload, ...result }, 'mention notices sent');
};
