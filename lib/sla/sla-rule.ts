import { z } from 'zod';

/** Working time from a task's arrival: hours, or working days (each the business calendar's day length). */
export const slaDurationSchema = z.object({
  amount: z.number().positive().max(2000),
  unit: z.enum(['hours', 'days']),
});
export type SlaDurationInput = z.infer<typeof slaDurationSchema>;

/** A process's SLA (流程设置): its due time and its escalation rules (docs/sla.md). */
export const processSlaSchema = slaDurationSchema.extend({
  /** Remind the approver when this share (percent) of the time has passed; null = no reminder. */
  remindAtPercent: z.number().int().min(1).max(99).nullable().default(80),
  /** Notify the approver's manager (from the directory) once the task is overdue. */
  notifyManagerWhenOverdue: z.boolean().default(false),
  /**
   * Sources whose engine is Huiban's (local workflows): after this further period past due, transfer the task to
   * the approver's manager, or agree / refuse it. null = nothing.
   */
  afterOverdue: slaDurationSchema
    .extend({ action: z.enum(['transfer', 'agree', 'refuse']) })
    .nullable()
    .default(null),
});
export type ProcessSlaInput = z.input<typeof processSlaSchema>;
export type ProcessSlaRule = z.output<typeof processSlaSchema>;
