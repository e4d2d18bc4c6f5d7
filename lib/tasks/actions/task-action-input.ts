import { z } from 'zod';

/**
 * The longest remark (agree / refuse / comment) Huiban accepts: DingTalk's own limit for `remark` and comment
 * `text` (dingtalk-api.md §5.4–§5.6, ≤1024), so nothing a user types is refused by the source afterwards.
 */
export const REMARK_MAX_LENGTH = 1024;

export const taskActionInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('agree'),
    remark: z.string().trim().max(REMARK_MAX_LENGTH).optional(),
    /** Part of a batch approve from 待我处理: only processes an admin marked batch-approvable. */
    batch: z.boolean().optional(),
  }),
  z.object({
    action: z.literal('refuse'),
    remark: z.string().trim().min(1, '拒绝时必须填写意见').max(REMARK_MAX_LENGTH),
  }),
  z.object({
    action: z.literal('transfer'),
    targetUserId: z.uuid(),
    remark: z.string().trim().max(256).optional(),
  }),
  z.object({
    action: z.literal('comment'),
    remark: z.string().trim().min(1, '评论不能为空').max(REMARK_MAX_LENGTH),
  }),
]);
export type TaskActionInput = z.infer<typeof taskActionInputSchema>;
