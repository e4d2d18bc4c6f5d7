import { desc } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type AttachmentScrub, attachmentScrubs } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';

export type AttachmentScrubView = Omit<AttachmentScrub, 'startedAt' | 'finishedAt'> & {
  startedAt: string;
  finishedAt: string | null;
};

/** The latest archive scrubs (admins): what was checked, what was damaged or missing, what was copied again. */
export async function listAttachmentScrubsAsAdmin(
  db: Db,
  viewer: Viewer,
  params: { limit?: number } = {},
): Promise<AttachmentScrubView[]> {
  assertAdmin(viewer);
  const rows = await db
    .select()
    .from(attachmentScrubs)
    .orderBy(desc(attachmentScrubs.startedAt))
    .limit(params.limit ?? 10);
  return rows.map((r) => ({
    ...r,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    findings: r.findings.slice(0, 100),
  }));
}
