import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry';
import { AdapterError } from '@/lib/connectors/types';
import { getFileStore } from '@/lib/storage/file-store';
import {
  recordAttachmentCopied,
  recordAttachmentCopyError,
  unsafeGetAttachmentToCopy,
} from '@/lib/tasks/attachment-copy';
import type { JobHandler } from '../job-handler';

/**
 * Copies one attachment's bytes out of the source's storage into Huiban's, streaming (memory stays flat),
 * and records size, type and sha256. Idempotent: an already copied attachment is left alone.
 */
export const handleCopyAttachment: JobHandler<'copy-attachment'> = async ({ attachmentId }, ctx) => {
  const attachment = await unsafeGetAttachmentToCopy(ctx.db, attachmentId);
  if (attachment?.copyStatus !== 'pending') return;
  const connector = await unsafeLoadConnectorRuntime(ctx.db, attachment.connectorId);
  if (!connector) return;
  const store = getFileStore();
  try {
    const { body, contentType } = await getAdapter(connector.kind).openAttachment(
      { db: ctx.db, connector, log: ctx.log },
      {
        instanceExternalId: attachment.instanceExternalId,
        externalFileId: attachment.externalFileId,
        fileName: attachment.fileName,
      },
    );
    const stored = await store.put(body, { prefix: attachment.connectorId });
    const recorded = await recordAttachmentCopied(ctx.db, attachmentId, { ...stored, contentType });
    // A concurrent copy won the race: drop our duplicate bytes.
    if (!recorded) await store.remove(stored.storageKey);
  } catch (error) {
    const isFinal = error instanceof AdapterError && !error.retryable;
    await recordAttachmentCopyError(
      ctx.db,
      attachmentId,
      error instanceof Error ? error.message : String(error),
      isFinal,
    );
    if (!isFinal) throw error;
  }
};
