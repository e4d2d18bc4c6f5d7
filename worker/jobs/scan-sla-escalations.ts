import { scanSlaEscalations } from '@/lib/sla/escalation/scan-sla-escalations';
import type { JobHandler } from '../job-handler';

/** Every minute: SLA reminders, overdue notices and further actions now due, each once (lib/sla/escalation). */
export const handleScanSlaEscalations: JobHandler<'scan-sla-escalations'> = async (_payload, ctx) => {
  const result = await scanSlaEscalations(ctx.db, { log: ctx.log });
  if (result.claimed || result.retried) ctx.log.info(result, 'SLA escalations');
};
