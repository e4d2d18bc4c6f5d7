import { z } from 'zod';
import { REMARK_MAX_LENGTH } from './task-action-input';

/** 加签 / 退回 / 撤回 on one's task (POST /api/tasks/{taskId}/more-actions). */
export const moreActionInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('append'),
    /** before: they act first, then back to me · after: after this step · alongside: they join this step. */
    position: z.enum(['before', 'after', 'alongside']),
    /** How the added people act among themselves: together (会签) or one by one (依次). */
    activate: z.enum(['all', 'oneByOne']).default('all'),
    targetUserIds: z.array(z.uuid()).min(1, '请选择加签人').max(20, '加签人最多 20 人'),
    remark: z.string().trim().max(REMARK_MAX_LENGTH).optional(),
  }),
  z.object({
    action: z.literal('revert'),
    /** A step id from the offered targets, or the originator's. */
    target: z.string().trim().min(1, '请选择退回到哪个节点').max(200),
    remark: z.string().trim().min(1, '退回时必须填写意见').max(REMARK_MAX_LENGTH),
  }),
  z.object({
    action: z.literal('withdraw'),
    remark: z.string().trim().max(REMARK_MAX_LENGTH).optional(),
  }),
]);
export type MoreActionInput = z.infer<typeof moreActionInputSchema>;
