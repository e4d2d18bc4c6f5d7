import type { Db } from '@/db/client';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import { classifyFailure } from '@/lib/jobs/classify-failure';
import type { Logger } from '@/lib/log';
import { getFileStore } from '@/lib/storage/file-store';
import { unsafeGetAttachmentToCopy } from '@/lib/tasks/get-attachment-to-copy';
import { recordAttachmentCopied } from '@/lib/tasks/write/record-attachment-copied';
import { recordAttachmentCopyError } from '@/lib/tasks/write/record-attachment-copy-error';

/**
 * Copies one attachment's bytes out of the source's storage into Huiban's, streaming (memory stays flat),
 * and records size, type and sha256. Idempotent: an already copied attachment is left alone. A source's
 * refusal marks the copy failed; anything else is recorded and thrown for the job to retry.
 */
export async function copyAttachment(db: Db, attachmentId: string, options: { log: Logger }): Promise<void> {
  const attachment = await unsafeGetAttachmentToCopy(db, attachmentId);
  if (attachment?.copyStatus !== 'pending') return;
  const connector = await unsafeLoadConnectorRuntime(db, attachment.connectorId);
  if (!connector) return;
  const store = getFileStore();
  try {
    const { body, contentType } = await getAdapter(connector.kind).openAttachment(
      { db, connector, log: options.log },
      {
        instanceExternalId: attachment.instanceExternalId,
        externalFileId: attachment.externalFileId,
        fileName: attachment.fileName,
      },
    );
    const stored = await store.put(body, { prefix: attachment.connectorId });
    const recorded = await recordAttachmentCopied(db, attachmentId, { ...stored, contentType });
    // A concurrent copy won the race: drop our duplicate bytes.
    if (!recorded) await store.remove(stored.storageKey);
  } catch (error) {
    // Only a refusal gives the copy up; any other failure records its reason, stays pending and is retried.
    const { isRetryable, reason } = classifyFailure(error, { isFinalAttempt: false });
    await recordAttachmentCopyError(db, attachmentId, reason, !isRetryable);
    if (isRetryable) throw error;
  }
}
