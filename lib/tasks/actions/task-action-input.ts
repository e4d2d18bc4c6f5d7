import { z } from 'zod';

/**
 * The longest remark (agree / refuse / comment) Huiban accepts: DingTalk's own limit for `remark` and comment
 * `text` (dingtalk-api.md §5.4–§5.6, ≤1024), so nothing a user types is refused by the source afterwards.
 */
export const REMARK_MAX_LENGTH = 1024;

/** At most this many people per comment: a mention is a notice, not a broadcast. */
export const COMMENT_MAX_MENTIONS = 20;
/** DingTalk's comment API takes at most 20 files (dingtalk-api.md §5.4); Huiban keeps the same bound. */
export const COMMENT_MAX_FILES = 20;

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
    /** @-mentioned people (Huiban user ids): notified, and they may read this instance (comment-extras.ts). */
    mentionUserIds: z.array(z.uuid()).max(COMMENT_MAX_MENTIONS).optional(),
    /** Files the commenter uploaded first (POST /api/uploads), shown with the comment. */
    uploadIds: z.array(z.uuid()).max(COMMENT_MAX_FILES).optional(),
  }),
]);
export type TaskActionInput = z.infer<typeof taskActionInputSchema>;
