import type { Db, Tx } from '@/db/client';
import { AppError } from '@/lib/errors';
import { applySnapshotBatch } from '@/lib/tasks/write/apply-snapshot-batch';
import { applyUpsert } from './push-instance';
import { type BatchItem, batchItemSchema, type InstanceUpsert, type PushResult } from './push-schema';
import { pushTaskOperation } from './push-task-operation';
import { linkPushPeople, unknownUserError } from './resolve-people';
import { peopleOf, upsertToSnapshot } from './to-snapshot';

export type BatchResult = { summary: { total: number; ok: number; failed: number }; results: PushResult[] };

const issuesOf = (error: AppError) => error.issues ?? [{ path: '', message: error.message }];

/**
 * Applies up to 500 open-API items, each validated and applied on its own: an invalid item is answered with
 * its issues and never stops the others. The whole batch runs in one transaction (one commit, which is what
 * makes 500 items cheap): the people of all items are linked once up front, then each item goes through
 * applySnapshot(), whose savepoint rolls back a failing item alone. The answer is sent after the commit
 * (invariant 1).
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
    // Only upserts: one set-based write for all of them (applySnapshotBatch); a caller error in the set
    // rolls the set back and the items are applied one by one below, each answered on its own.
    if (upserts.length === valid.length && upserts.length > 1) {
      const isDone = await tx
        .transaction(async (savepoint) => {
          await applyUpsertSet(savepoint, connectorId, valid, unknownUserIds, results);
          return true;
        })
        .catch((error: unknown) => {
          if (error instanceof AppError) return false;
          throw error;
        });
      if (isDone) return;
    }
    for (const { index, item } of valid) {
      try {
        if (item.op !== 'upsert') {
          results[index] = { index, ...(await pushTaskOperation(tx, connectorId, item)) };
          continue;
        }
        const unknown = peopleOf(item.instance).flatMap((p) =>
          p.userId && unknownUserIds.has(p.userId) ? [p.userId] : [],
        );
        if (unknown.length > 0) throw unknownUserError(new Set(unknown));
        results[index] = { index, ...(await applyUpsert(tx, connectorId, item.instance)) };
      } catch (error) {
        // A caller error: this item only. Anything else (the database failing) fails the whole batch.
        if (!(error instanceof AppError)) throw error;
        results[index] = {
          index,
          ok: false,
          outcome: 'invalid',
          ...(item.op === 'upsert' ? { instanceExternalId: item.instance.externalId } : {}),
          issues: issuesOf(error),
        };
      }
    }
  });
  const ok = results.filter((r) => r.ok).length;
  return { summary: { total: results.length, ok, failed: results.length - ok }, results };
}

/** Upsert items of a batch, set-based: unknown people answer their item; the rest are written together. */
async function applyUpsertSet(
  tx: Tx,
  connectorId: string,
  valid: { index: number; item: BatchItem }[],
  unknownUserIds: Set<string>,
  results: PushResult[],
): Promise<void> {
  const writable: { index: number; instance: InstanceUpsert }[] = [];
  for (const { index, item } of valid) {
    if (item.op !== 'upsert') continue;
    const unknown = peopleOf(item.instance).flatMap((p) =>
      p.userId && unknownUserIds.has(p.userId) ? [p.userId] : [],
    );
    if (unknown.length === 0) writable.push({ index, instance: item.instance });
    else
      results[index] = {
        index,
        ok: false,
        outcome: 'invalid',
        instanceExternalId: item.instance.externalId,
        issues: issuesOf(unknownUserError(new Set(unknown))),
      };
  }
  const applied = await applySnapshotBatch(tx, {
    connectorId,
    source: 'api',
    snapshots: writable.map((w) => upsertToSnapshot(w.instance)),
  });
  writable.forEach((w, k) => {
    results[w.index] = {
      index: w.index,
      ok: true,
      outcome: (applied[k] as { outcome: PushResult['outcome'] }).outcome,
      instanceExternalId: w.instance.externalId,
    };
  });
}
