import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { applySnapshots } from '@/lib/tasks/write/apply-snapshots';
import { applyUpsert } from './push-instance';
import { type BatchItem, batchItemSchema, type InstanceUpsert, type PushResult } from './push-schema';
import { pushTaskOperation } from './push-task-operation';
import { linkPushPeople, unknownUserError } from './resolve-people';
import { peopleOf, upsertToSnapshot } from './to-snapshot';

export type BatchResult = { summary: { total: number; ok: number; failed: number }; results: PushResult[] };

const issuesOf = (error: AppError) => error.issues ?? [{ path: '', message: error.message }];

/**
 * Applies up to 500 open-API items, each validated and applied on its own: an invalid item is answered with
 * its issues and never stops the others. The whole batch runs in one transaction (one commit): the people of
 * all items are linked once up front, then each run of consecutive upserts is written set-based by
 * applySnapshots() (one statement per table, the same rules as applying them one by one), task operations one
 * by one in their place. Should a run fail on a caller error, it is applied again item by item, each in its
 * savepoint, so the failing item alone is answered `invalid`. The answer is sent after the commit (invariant 1).
 */
export async function pushBatch(db: Db, connectorId: string, items: unknown[]): Promise<BatchResult> {
  const results: PushResult[] = new Array(items.length);
  const valid: { index: number; item: BatchItem }[] = [];
  for (const [index, raw] of items.entries()) {
    const parsed = batchItemSchema.safeParse(raw);
    if (parsed.success) valid.push({ index, item: parsed.data });
    else {
      results[index] = {
        index,
        ok: false,
        outcome: 'invalid',
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      };
    }
  }

  await db.transaction(async (tx) => {
    const upserts = valid.flatMap((v) => (v.item.op === 'upsert' ? [v.item.instance] : []));
    const { unknownUserIds } = await linkPushPeople(tx, connectorId, upserts.flatMap(peopleOf));
    const fail = (index: number, item: BatchItem, error: unknown) => {
      // A caller error: this item only. Anything else (the database failing) fails the whole batch.
      if (!(error instanceof AppError)) throw error;
      results[index] = {
        index,
        ok: false,
        outcome: 'invalid',
        ...(item.op === 'upsert' ? { instanceExternalId: item.instance.externalId } : {}),
        issues: issuesOf(error),
      };
    };
    let run: { index: number; instance: InstanceUpsert }[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const pending = run;
      run = [];
      try {
        const applied = await applySnapshots(tx, {
          connectorId,
          source: 'api',
          snapshots: pending.map((p) => upsertToSnapshot(p.instance)),
        });
        for (const [i, { index, instance }] of pending.entries()) {
          results[index] = {
            index,
            ok: true,
            outcome: applied[i]!.outcome,
            instanceExternalId: instance.externalId,
          };
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        for (const { index, instance } of pending) {
          try {
            results[index] = { index, ...(await applyUpsert(tx, connectorId, instance)) };
          } catch (itemError) {
            fail(index, { op: 'upsert', instance }, itemError);
          }
        }
      }
    };
    for (const { index, item } of valid) {
      if (item.op === 'upsert') {
        const unknown = peopleOf(item.instance).flatMap((p) =>
          p.userId && unknownUserIds.has(p.userId) ? [p.userId] : [],
        );
        if (unknown.length > 0) fail(index, item, unknownUserError(new Set(unknown)));
        else run.push({ index, instance: item.instance });
        continue;
      }
      await flush();
      try {
        results[index] = { index, ...(await pushTaskOperation(tx, connectorId, item)) };
      } catch (error) {
        fail(index, item, error);
      }
    }
    await flush();
  });
  const ok = results.filter((r) => r.ok).length;
  return { summary: { total: results.length, ok, failed: results.length - ok }, results };
}
