import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { pushInstance } from './push-instance';
import { batchItemSchema, type PushResult } from './push-schema';
import { pushTaskOperation } from './push-task-operation';

export type BatchResult = { summary: { total: number; ok: number; failed: number }; results: PushResult[] };

/**
 * Applies up to 500 open-API items, each validated and applied on its own: an invalid item is answered with
 * its issues and never stops the others. The whole batch runs in one transaction (one commit, which is what
 * makes 500 items cheap) with a savepoint per item, so an item that fails inside the database is rolled back
 * alone. The answer is sent after the commit (invariant 1).
 */
export async function pushBatch(db: Db, connectorId: string, items: unknown[]): Promise<BatchResult> {
  const results = await db.transaction(async (tx) => {
    const out: PushResult[] = [];
    for (const [index, raw] of items.entries()) {
      const parsed = batchItemSchema.safeParse(raw);
      if (!parsed.success) {
        out.push({
          index,
          ok: false,
          outcome: 'invalid',
          issues: parsed.error.issues.map((i) => ({
            path: i.path.map(String).join('.'),
            message: i.message,
          })),
        });
        continue;
      }
      const item = parsed.data;
      try {
        const result =
          item.op === 'upsert'
            ? await pushInstance(tx, connectorId, item.instance)
            : await pushTaskOperation(tx, connectorId, item);
        out.push({ index, ...result });
      } catch (error) {
        // A caller error (e.g. an unknown Huiban user id): this item only. Anything else fails the batch.
        if (!(error instanceof AppError)) throw error;
        out.push({
          index,
          ok: false,
          outcome: 'invalid',
          ...(item.op === 'upsert' ? { instanceExternalId: item.instance.externalId } : {}),
          issues: error.issues ?? [{ path: '', message: error.message }],
        });
      }
    }
    return out;
  });
  const ok = results.filter((r) => r.ok).length;
  return { summary: { total: results.length, ok, failed: results.length - ok }, results };
}
