import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { uploads, users } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { recordComment } from '@/lib/tasks/write/record-comment';

export type CommentExtrasInput = {
  instanceId: string;
  actionId: string;
  actorUserId: string;
  remark: string;
  nodeName: string | null;
  mentionUserIds?: string[] | undefined;
  uploadIds?: string[] | undefined;
};

/**
 * The @mentions and files of a comment, in the comment's transaction: checks them (the files must be the
 * commenter's own uploads, the mentioned people must exist; 400 otherwise, nothing written), records the
 * comment in the timeline with its files and the mentioned people's read grants, and enqueues their notices.
 * Returns what the write-back needs (task_actions.params). A plain comment (neither) is left to the source's log.
 */
export async function recordCommentExtras(
  tx: Tx,
  input: CommentExtrasInput,
): Promise<{ mentionUserIds: string[]; uploadIds: string[] } | null> {
  const mentionUserIds = [...new Set(input.mentionUserIds ?? [])].filter((id) => id !== input.actorUserId);
  const uploadIds = [...new Set(input.uploadIds ?? [])];
  if (mentionUserIds.length === 0 && uploadIds.length === 0) return null;
  const people = mentionUserIds.length
    ? await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, mentionUserIds))
    : [];
  if (people.length !== mentionUserIds.length) throw new AppError('validation_failed', '提及的用户不存在');
  const files = uploadIds.length
    ? await tx
        .select()
        .from(uploads)
        .where(and(inArray(uploads.id, uploadIds), eq(uploads.userId, input.actorUserId)))
    : [];
  if (files.length !== uploadIds.length)
    throw new AppError('validation_failed', '附件不存在或不是本人上传的');
  const [actor] = await tx.select({ name: users.name }).from(users).where(eq(users.id, input.actorUserId));
  await recordComment(tx, {
    instanceId: input.instanceId,
    actionId: input.actionId,
    actorUserId: input.actorUserId,
    actorName: actor?.name ?? null,
    remark: input.remark,
    nodeName: input.nodeName,
    occurredAt: new Date(),
    mentions: mentionUserIds.map((id) => ({ userId: id, name: people.find((p) => p.id === id)?.name ?? '' })),
    files: uploadIds.map((id) => {
      const f = files.find((x) => x.id === id) as (typeof files)[number];
      return {
        uploadId: f.id,
        fileName: f.fileName,
        size: f.size,
        contentType: f.contentType,
        storageKey: f.storageKey,
        sha256: f.sha256,
      };
    }),
  });
  if (mentionUserIds.length > 0)
    await sendJob(tx, 'notify-mentions', { instanceId: input.instanceId }, { singletonKey: input.actionId });
  return { mentionUserIds, uploadIds };
}
