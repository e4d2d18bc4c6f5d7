import { createHash } from 'node:crypto';
import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachmentScrubs, attachments, processInstances, type ScrubFinding } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import type { ConnectorRuntime } from '@/lib/connectors/types';
import { classifyFailure } from '@/lib/jobs/classify-failure';
import type { Logger } from '@/lib/log';
import { getFileStore } from '@/lib/storage/file-store';
import { type FileStore, StoredFileMissingError } from '@/lib/storage/types';
import { recordAttachmentRecopied } from '@/lib/tasks/write/record-attachment-recopied';

export type ScrubSummary = {
  scrubId: string;
  checked: number;
  intact: number;
  missing: number;
  mismatched: number;
  recopied: number;
  failed: number;
  findings: ScrubFinding[];
};

/** Rows read per query while walking the archive (keyset-paged by id). */
const PAGE = 200;

/**
 * The archive scrub: re-reads every copied attachment from Huiban's storage, streaming it through sha256, and
 * compares size and hash with what the copy recorded. A missing or damaged file is fetched again from its source
 * and the row pointed at the new copy. The run is stored (attachment_scrubs) for the health page. `limit`
 * bounds one run's reads; the walk is by id, so a bounded run checks the oldest files first.
 */
export async function scrubAttachmentArchive(
  db: Db,
  options: { log: Logger; trigger?: 'schedule' | 'manual'; limit?: number; store?: FileStore },
): Promise<ScrubSummary> {
  const store = options.store ?? getFileStore();
  const [scrub] = await db
    .insert(attachmentScrubs)
    .values({ trigger: options.trigger ?? 'schedule', startedAt: new Date() })
    .returning({ id: attachmentScrubs.id });
  if (!scrub) throw new Error('scrub run not stored');
  const summary: ScrubSummary = {
    scrubId: scrub.id,
    checked: 0,
    intact: 0,
    missing: 0,
    mismatched: 0,
    recopied: 0,
    failed: 0,
    findings: [],
  };
  const connectors = new Map<string, ConnectorRuntime | null>();
  const limit = options.limit ?? 100_000;
  let after: string | null = null;
  while (summary.checked < limit) {
    const page = await db
      .select({
        id: attachments.id,
        instanceId: attachments.instanceId,
        connectorId: processInstances.connectorId,
        instanceExternalId: processInstances.externalId,
        externalFileId: attachments.externalFileId,
        fileName: attachments.fileName,
        storageKey: attachments.storageKey,
        fileSize: attachments.fileSize,
        sha256: attachments.sha256,
      })
      .from(attachments)
      .innerJoin(processInstances, eq(processInstances.id, attachments.instanceId))
      .where(
        and(
          eq(attachments.copyStatus, 'copied'),
          isNotNull(attachments.storageKey),
          after ? gt(attachments.id, after) : undefined,
        ),
      )
      .orderBy(asc(attachments.id))
      .limit(Math.min(PAGE, limit - summary.checked));
    if (page.length === 0) break;
    after = page[page.length - 1]?.id ?? null;
    for (const a of page) {
      summary.checked += 1;
      let problem: ScrubFinding['problem'] | null;
      try {
        problem = await inspect(store, a.storageKey as string, a.fileSize, a.sha256);
      } catch (error) {
        // The store itself failed (an S3 outage): nothing is known about the file; the next run looks again.
        summary.failed += 1;
        options.log.warn({ err: error, attachmentId: a.id }, 'scrub: stored file unreadable');
        continue;
      }
      if (!problem) {
        summary.intact += 1;
        continue;
      }
      if (problem === 'missing') summary.missing += 1;
      else summary.mismatched += 1;
      const finding: ScrubFinding = {
        attachmentId: a.id,
        instanceId: a.instanceId,
        fileName: a.fileName,
        problem,
        outcome: 'recopied',
      };
      try {
        if (!connectors.has(a.connectorId))
          connectors.set(a.connectorId, await unsafeLoadConnectorRuntime(db, a.connectorId));
        const connector = connectors.get(a.connectorId);
        if (!connector) throw new Error('connector gone');
        const { body } = await getAdapter(connector.kind).openAttachment(
          { db, connector, log: options.log },
          {
            instanceExternalId: a.instanceExternalId,
            externalFileId: a.externalFileId,
            fileName: a.fileName,
          },
        );
        const stored = await store.put(body, { prefix: a.connectorId });
        const replacesStorageKey = a.storageKey as string;
        if (await recordAttachmentRecopied(db, a.id, { replacesStorageKey, stored })) {
          await store.remove(replacesStorageKey).catch(() => undefined);
          summary.recopied += 1;
        } else {
          // Repaired meanwhile by someone else: ours is the spare copy.
          await store.remove(stored.storageKey);
          summary.recopied += 1;
        }
      } catch (error) {
        summary.failed += 1;
        finding.outcome = 'failed';
        finding.error = classifyFailure(error, { isFinalAttempt: true }).reason.slice(0, 200);
        options.log.warn({ err: error, attachmentId: a.id }, 'scrub: re-copy failed');
      }
      summary.findings.push(finding);
    }
  }
  const { scrubId: _id, ...figures } = summary;
  await db
    .update(attachmentScrubs)
    .set({ ...figures, finishedAt: new Date() })
    .where(eq(attachmentScrubs.id, scrub.id));
  options.log.info({ ...figures, findings: summary.findings.length }, 'archive scrubbed');
  return summary;
}

/** What is wrong with one stored file, or null when its size and sha256 are what the copy recorded. */
async function inspect(
  store: FileStore,
  storageKey: string,
  fileSize: number | null,
  sha256: string | null,
): Promise<ScrubFinding['problem'] | null> {
  let opened: Awaited<ReturnType<FileStore['open']>>;
  try {
    opened = await store.open(storageKey);
  } catch (error) {
    if (error instanceof StoredFileMissingError) return 'missing';
    throw error;
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of opened.stream) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  if (fileSize !== null && size !== fileSize) return 'size_mismatch';
  if (sha256 && hash.digest('hex') !== sha256) return 'sha256_mismatch';
  return null;
}
