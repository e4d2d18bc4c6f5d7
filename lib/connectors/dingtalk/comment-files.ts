import { buffer } from 'node:stream/consumers';
import { getFileStore } from '@/lib/storage/file-store';
import { type ActRequest, AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { type DDAttachmentFile, uploadApprovalFile } from './upload-approval-file';
import { unionIdOf } from './workflow-bridge';

/**
 * A comment's files for DingTalk's comment API (§5.4 `file.attachments`): each put into the approval space as
 * the commenter (wave2 §3, the same chain as a local workflow's DingTalk step), then named in the comment.
 * Nothing when the connector has `approvalUploads: false` (the chain is documented as partial): the comment
 * then goes as text and the files stay in Huiban. A retry uploads again (harmless: another invisible copy).
 *
 * Their DingTalk file ids (`fileId`, the dentry id the echoed record names them by, §5.1 `attachments[]`) are
 * handed to `onFilesStored` before the comment is sent, so its echo can never be read before Huiban knows them.
 */
export async function commentFilesForDingTalk(
  s: DingTalkSettings,
  r: Pick<ActRequest, 'files' | 'actorExternalId' | 'onFilesStored'>,
): Promise<DDAttachmentFile[]> {
  const files = r.files ?? [];
  if (files.length === 0 || !s.approvalUploads) return [];
  const unionId = await unionIdOf(s, r.actorExternalId);
  if (!unionId)
    throw new AdapterError('the commenter has no DingTalk unionId for the approval space', {
      retryable: false,
    });
  const out: DDAttachmentFile[] = [];
  for (const file of files) {
    const { stream } = await getFileStore().open(file.storageKey);
    out.push(
      await uploadApprovalFile(s, {
        userId: r.actorExternalId,
        unionId,
        fileName: file.fileName,
        bytes: await buffer(stream),
      }),
    );
  }
  await r.onFilesStored?.(
    files.map((f, i) => ({ attachmentId: f.attachmentId, sourceFileId: out[i]!.fileId })),
  );
  return out;
}
