import type { DbOrTx } from '@/db/client';
import { attachments, instanceMentions, type LogTarget, processLogs } from '@/db/schema';

export type CommentRecord = {
  instanceId: string;
  /** The comment's task action: its log record is `huiban:comment:<actionId>` (idempotent). */
  actionId: string;
  actorUserId: string;
  actorName: string | null;
  remark: string;
  nodeName: string | null;
  occurredAt: Date;
  /** People @-mentioned: the log's targets, and each gets read access to this instance. */
  mentions: { userId: string; name: string }[];
  /** Files already in Huiban's storage (the commenter's uploads), shown with the comment. */
  files: {
    uploadId: string;
    fileName: string;
    size: number;
    contentType: string;
    storageKey: string;
    sha256: string;
  }[];
};

/**
 * A comment made in Huiban, in the instance's timeline at once: the log step (actor, text, mentioned people as
 * targets), its files as attachments already copied (they are Huiban's bytes; `external_file_id` is the upload
 * id, which also keeps the upload from being pruned) and the mentioned people's read grants (instance_mentions,
 * like a cc; a repeated mention keeps the first). Idempotent on the action id.
 */
export async function recordComment(db: DbOrTx, c: CommentRecord): Promise<{ logId: string | null }> {
  const targets: LogTarget[] = c.mentions.map((m) => ({
    externalUserId: `huiban:${m.userId}`,
    name: m.name,
  }));
  const [log] = await db
    .insert(processLogs)
    .values({
      instanceId: c.instanceId,
      externalRecordId: `huiban:comment:${c.actionId}`,
      actorUserId: c.actorUserId,
      actorName: c.actorName,
      action: 'comment',
      remark: c.remark,
      nodeName: c.nodeName,
      targets,
      position: 10_000,
      occurredAt: c.occurredAt,
    })
    .onConflictDoNothing({ target: [processLogs.instanceId, processLogs.externalRecordId] })
    .returning({ id: processLogs.id });
  if (!log) return { logId: null };
  if (c.files.length > 0) {
    await db
      .insert(attachments)
      .values(
        c.files.map((f) => ({
          instanceId: c.instanceId,
          logId: log.id,
          externalFileId: f.uploadId,
          fileName: f.fileName,
          fileSize: f.size,
          fileType: f.contentType,
          storageKey: f.storageKey,
          sha256: f.sha256,
          copyStatus: 'copied' as const,
        })),
      )
      .onConflictDoNothing({ target: [attachments.instanceId, attachments.externalFileId] });
  }
  if (c.mentions.length > 0) {
    await db
      .insert(instanceMentions)
      .values(
        c.mentions.map((m) => ({
          instanceId: c.instanceId,
          userId: m.userId,
          mentionedByUserId: c.actorUserId,
          actionId: c.actionId,
        })),
      )
      .onConflictDoNothing({ target: [instanceMentions.instanceId, instanceMentions.userId] });
  }
  return { logId: log.id };
}
