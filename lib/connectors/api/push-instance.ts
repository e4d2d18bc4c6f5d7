import type { DbOrTx } from '@/db/client';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
// Registers the open API's notice policy: every push is applied through this module.
import './api-notice-policy';
import type { InstanceUpsert, PushResult } from './push-schema';
import { linkPushPeople, unknownUserError } from './resolve-people';
import { peopleOf, upsertToSnapshot } from './to-snapshot';

/**
 * Upserts one instance pushed through the open API, synchronously and in one transaction: the people are
 * linked, then the snapshot goes through applySnapshot() (invariant 4). The answer is sent after the commit,
 * so an `ok` answer means the push is durable (invariant 1) without an inbound_events row: the caller, not a
 * queue, holds the request until it is answered, and replays are idempotent.
 */
export async function pushInstance(
  db: DbOrTx,
  connectorId: string,
  input: InstanceUpsert,
): Promise<PushResult> {
  return db.transaction(async (tx) => {
    const { unknownUserIds } = await linkPushPeople(tx, connectorId, peopleOf(input));
    if (unknownUserIds.size > 0) throw unknownUserError(unknownUserIds);
    return applyUpsert(tx, connectorId, input);
  });
}

/** The apply step alone, for callers that linked the people already (a batch links all its people at once). */
export async function applyUpsert(
  db: DbOrTx,
  connectorId: string,
  input: InstanceUpsert,
): Promise<PushResult> {
  const applied = await applySnapshot(db, { connectorId, source: 'api', snapshot: upsertToSnapshot(input) });
  return { ok: true, outcome: applied.outcome, instanceExternalId: input.externalId };
}
