import { desc, eq, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { delegations, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { listDelegableProcesses } from './list-delegable-processes';

export type DelegationView = {
  id: string;
  principal: { id: string; name: string };
  delegate: { id: string; name: string };
  startsAt: string;
  endsAt: string;
  processes: { connectorId: string; processCode: string; name: string | null }[] | null;
  note: string | null;
  createdByName: string | null;
  cancelledAt: string | null;
  /** upcoming · active · ended (past its end or cancelled). */
  state: 'upcoming' | 'active' | 'ended';
};

const principal = alias(users, 'principal');
const delegate = alias(users, 'delegate');
const creator = alias(users, 'creator');

/** The viewer's delegations: the ones they set (as principal) and the ones naming them as delegate. */
export async function listMyDelegations(db: DbOrTx, viewer: Viewer): Promise<DelegationView[]> {
  return query(
    db,
    or(eq(delegations.principalUserId, viewer.userId), eq(delegations.delegateUserId, viewer.userId)),
  );
}

/** Every delegation (admin). */
export async function listDelegationsAsAdmin(db: DbOrTx, viewer: Viewer): Promise<DelegationView[]> {
  assertAdmin(viewer);
  return query(db, undefined);
}

async function query(db: DbOrTx, where: ReturnType<typeof or>, now = new Date()): Promise<DelegationView[]> {
  const rows = await db
    .select({
      d: delegations,
      principalName: principal.name,
      delegateName: delegate.name,
      createdByName: creator.name,
    })
    .from(delegations)
    .innerJoin(principal, eq(principal.id, delegations.principalUserId))
    .innerJoin(delegate, eq(delegate.id, delegations.delegateUserId))
    .leftJoin(creator, eq(creator.id, delegations.createdByUserId))
    .where(where)
    .orderBy(desc(delegations.startsAt), desc(delegations.id))
    .limit(200);
  const names = await processNames(
    db,
    rows.flatMap((r) => r.d.processes ?? []),
  );
  return rows.map(({ d, principalName, delegateName, createdByName }) => {
    const ended = d.endsAt <= now || (d.cancelledAt !== null && d.cancelledAt <= now);
    return {
      id: d.id,
      principal: { id: d.principalUserId, name: principalName },
      delegate: { id: d.delegateUserId, name: delegateName },
      startsAt: d.startsAt.toISOString(),
      endsAt: d.endsAt.toISOString(),
      processes:
        d.processes?.map((p) => ({ ...p, name: names.get(`${p.connectorId}|${p.processCode}`) ?? null })) ??
        null,
      note: d.note,
      createdByName,
      cancelledAt: d.cancelledAt?.toISOString() ?? null,
      state: ended ? 'ended' : d.startsAt > now ? 'upcoming' : 'active',
    };
  });
}

async function processNames(
  db: DbOrTx,
  keys: { connectorId: string; processCode: string }[],
): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const all = await listDelegableProcesses(db);
  return new Map(all.map((p) => [`${p.connectorId}|${p.processCode}`, p.name]));
}
