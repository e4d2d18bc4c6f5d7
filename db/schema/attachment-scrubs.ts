import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { id, tstz } from './_columns';

/** What the scrub found about one archived file. */
export type ScrubFinding = {
  attachmentId: string;
  instanceId: string;
  fileName: string;
  problem: 'missing' | 'size_mismatch' | 'sha256_mismatch';
  /** `recopied`: fetched again from the source and now intact; `failed`: the re-copy failed (see error). */
  outcome: 'recopied' | 'failed';
  error?: string;
};

/**
 * One run of the archive scrub: every copied attachment re-read from storage, its size and sha256 checked
 * against what the copy recorded, and a damaged or missing file copied again from the source.
 */
export const attachmentScrubs = pgTable(
  'attachment_scrubs',
  {
    id: id(),
    trigger: text('trigger').notNull(),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
    checked: integer('checked').notNull().default(0),
    intact: integer('intact').notNull().default(0),
    missing: integer('missing').notNull().default(0),
    mismatched: integer('mismatched').notNull().default(0),
    recopied: integer('recopied').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    findings: jsonb('findings').$type<ScrubFinding[]>().notNull().default([]),
  },
  (t) => [index('attachment_scrubs_started_idx').on(t.startedAt.desc())],
);

export type AttachmentScrub = typeof attachmentScrubs.$inferSelect;
