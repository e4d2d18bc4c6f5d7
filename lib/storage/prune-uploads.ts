import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { rawEnv } from '@/lib/env';
import type { Logger } from '@/lib/log';
import { getFileStore } from '@/lib/storage/file-store';

const DEFAULT_RETENTION_HOURS = 24;

/** How long an upload no instance references is kept: UPLOAD_RETENTION_HOURS (default 24). */
export function uploadRetentionHours(source: Record<string, string | undefined> = rawEnv()): number {
  const hours = Number(source.UPLOAD_RETENTION_HOURS);
  return Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_RETENTION_HOURS;
}

/**
 * Deletes uploads that no instance took up (the employee uploaded a file and never submitted the form), with
 * their bytes. An upload becomes an instance's attachment row when the form is submitted, so "referenced" is
 * one NOT EXISTS on attachments, checked in the same statement as the delete: a form submitted at that very
 * moment either wins (the upload stays) or finds the file gone (its start answers 400). Rows go first, bytes
 * after: a failed removal leaves an unreferenced file behind, never a row pointing at nothing.
 */
export async function pruneUploads(
  db: Db,
  options: { log: Logger; olderThan?: Date; batch?: number },
): Promise<{ deleted: number; bytes: number }> {
  const olderThan = options.olderThan ?? new Date(Date.now() - uploadRetentionHours() * 3600 * 1000);
  const batch = options.batch ?? 500;
  let deleted = 0;
  let bytes = 0;
  for (;;) {
    const rows = await db.execute<{ storage_key: string; size: number }>(sql`
      DELETE FROM uploads u
      WHERE u.id IN (
        SELECT id FROM uploads
        WHERE created_at < ${olderThan.toISOString()}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.external_file_id = uploads.id::text)
        ORDER BY created_at
        LIMIT ${batch}
      )
      AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.external_file_id = u.id::text)
      RETURNING u.storage_key, u.size`);
    for (const row of rows) {
      await getFileStore()
        .remove(row.storage_key)
        .catch((err: unknown) =>
          options.log.warn({ err, storageKey: row.storage_key }, 'prune-uploads: removing the bytes failed'),
        );
      bytes += Number(row.size);
    }
    deleted += rows.length;
    if (rows.length < batch) break;
  }
  if (deleted > 0) options.log.info({ deleted, bytes }, 'unreferenced uploads pruned');
  return { deleted, bytes };
}
