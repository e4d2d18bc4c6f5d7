import { z } from 'zod';

export const taskActionInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('agree'),
    remark: z.string().trim().max(1000).optional(),
    /** Part of a batch approve from 待我处理: only processes an admin marked batch-approvable. */
    batch: z.boolean().optional(),
  }),
  z.object({ action: z.literal('refuse'), remark: z.string().trim().min(1, '拒绝时必须填写意见').max(1000) }),
  z.object({
    action: z.literal('transfer'),
    targetUserId: z.uuid(),
    remark: z.string().trim().max(256).optional(),
  }),
  z.object({ action: z.literal('comment'), remark: z.string().trim().min(1, '评论不能为空').max(1000) }),
]);
export type TaskActionInput = z.infer<typeof taskActionInputSchema>;
