import { sendDailyDigests } from '@/lib/reminders/send-daily-digests';
import type { JobHandler } from '../job-handler';

/** Every few minutes: the daily digests now due, each user once per working day (lib/reminders). */
export const handleSendDailyDigests: JobHandler<'send-daily-digests'> = async (_payload, ctx) => {
  const result = await sendDailyDigests(ctx.db, { log: ctx.log });
  if (result.sent + result.empty + result.notNotified + result.failed > 0)
    ctx.log.info(result, 'daily digests');
};
