import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { delegations, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import type { DelegationAsAdminInput, DelegationInput } from './delegation-input';

/** The viewer names a delegate for their own tasks. */
export async function createDelegation(
  db: Db,
  viewer: Viewer,
  input: DelegationInput,
  meta: RequestMeta = {},
): Promise<{ id: string }> {
  return db.transaction((tx) => insertDelegation(tx, viewer, viewer.userId, input, meta));
}

/** An admin names a delegate for anyone (e.g. the manager of a departed employee). */
export async function createDelegationAsAdmin(
  db: Db,
  viewer: Viewer,
  input: DelegationAsAdminInput,
  meta: RequestMeta = {},
): Promise<{ id: string }> {
  assertAdmin(viewer);
  const { principalUserId, ...rest } = input;
  return db.transaction(async (tx) => {
    const [principal] = await tx.select({ id: users.id }).from(users).where(eq(users.id, principalUserId));
    if (!principal) throw new AppError('not_found', 'delegation:errors.principalUnknown');
    return insertDelegation(tx, viewer, principalUserId, rest, meta);
  });
}

/**
 * The rules (docs/delegation.md): not to oneself; the window ends after it starts and not in the past; the
 * delegate is an active user; no loop (the delegate has not delegated to the principal in an overlapping
 * window: A→B and B→A at once is refused); and one delegate at a time per process (overlapping windows only
 * when both list processes and share none). Chains A→B→C are allowed and resolve one level only.
 */
async function insertDelegation(
  tx: Tx,
  viewer: Viewer,
  principalUserId: string,
  input: DelegationInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ id: string }> {
  if (input.delegateUserId === principalUserId)
    throw new AppError('validation_failed', 'delegation:errors.self');
  if (input.endsAt <= now) throw new AppError('validation_failed', 'delegation:errors.endInPast');
  const [delegate] = await tx
    .select({ status: users.status })
    .from(users)
    .where(eq(users.id, input.delegateUserId));
  if (delegate?.status !== 'active')
    throw new AppError('validation_failed', 'delegation:errors.delegateUnknown');
  // Serialise decisions about these two people, so two concurrent saves cannot both pass the checks below.
  for (const id of [principalUserId, input.delegateUserId].sort())
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`delegation:${id}`}))`);
  const overlapping = (from: string, to: string) =>
    tx
      .select({ processes: delegations.processes })
      .from(delegations)
      .where(
        and(
          eq(delegations.principalUserId, from),
          eq(delegations.delegateUserId, to),
          lt(delegations.startsAt, input.endsAt),
          gt(delegations.endsAt, input.startsAt),
          or(isNull(delegations.cancelledAt), gt(delegations.cancelledAt, now)),
        ),
      );
  if ((await overlapping(input.delegateUserId, principalUserId)).length)
    throw new AppError('conflict', 'delegation:errors.loop');
  const mine = await tx
    .select({ processes: delegations.processes })
    .from(delegations)
    .where(
      and(
        eq(delegations.principalUserId, principalUserId),
        lt(delegations.startsAt, input.endsAt),
        gt(delegations.endsAt, input.startsAt),
        or(isNull(delegations.cancelledAt), gt(delegations.cancelledAt, now)),
      ),
    );
  const key = (p: { connectorId: string; processCode: string }) => `${p.connectorId}\u0000${p.processCode}`;
  const wanted = input.processes ?? null;
  const clashes = mine.some(
    (d) =>
      d.processes === null ||
      wanted === null ||
      d.processes.some((p) => wanted.some((w) => key(w) === key(p))),
  );
  if (clashes) throw new AppError('conflict', 'delegation:errors.overlap');
  const [row] = await tx
    .insert(delegations)
    .values({
      principalUserId,
      delegateUserId: input.delegateUserId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      processes: wanted,
      note: input.note || null,
      createdByUserId: viewer.userId,
    })
    .returning({ id: delegations.id });
  if (!row) throw new Error('delegation insert failed');
  await recordAudit(tx, {
    actorUserId: viewer.userId,
    onBehalfOfUserId: principalUserId === viewer.userId ? null : principalUserId,
    action: 'delegation.create',
    targetType: 'delegation',
    targetId: row.id,
    details: {
      delegateUserId: input.delegateUserId,
      startsAt: input.startsAt.toISOString(),
      endsAt: input.endsAt.toISOString(),
      processes: wanted,
    },
    ...meta,
  });
  return { id: row.id };
}
