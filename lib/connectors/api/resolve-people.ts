import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { connectors, identities, users } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { linkIdentityToUser } from '@/lib/tasks/write/link-identity-to-user';
import type { PersonRef } from './push-schema';

/**
 * The identity key of a person on an API connector. The kind of id is part of the key, so an email and a
 * DingTalk userId never collide: `user:<uuid>`, `email:<lower-case>`, `mobile:<digits>`, `dingtalk:<userId>`.
 */
export function personKey(p: PersonRef): string {
  if (p.userId) return `user:${p.userId}`;
  if (p.email) return `email:${p.email.toLowerCase()}`;
  if (p.mobile) return `mobile:${p.mobile}`;
  return `dingtalk:${p.dingtalkUserId}`;
}

/** Reads a key back (the api adapter's directory lookup for the resolve-identity job). */
export function parsePersonKey(
  key: string,
): { kind: 'user' | 'email' | 'mobile' | 'dingtalk'; value: string } | null {
  const match = /^(user|email|mobile|dingtalk):(.+)$/.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { kind: match[1] as 'user' | 'email' | 'mobile' | 'dingtalk', value: match[2] };
}

/**
 * Links the people of a push to Huiban users before the snapshot is applied, so their tasks land in the
 * right inbox in the same transaction: a Huiban user id directly, an email or mobile through the users table,
 * a DingTalk userId through an already linked DingTalk identity. Identities already linked are not looked up
 * again (the hot path of repeated pushes is one query). A person nobody matches keeps an unlinked identity
 * (applySnapshot creates it; an admin or the resolve-identity job links it later). Returns the Huiban user ids
 * that do not exist (a caller error: the items naming them are rejected).
 */
export async function linkPushPeople(
  tx: Tx,
  connectorId: string,
  people: PersonRef[],
): Promise<{ unknownUserIds: Set<string> }> {
  const unknownUserIds = new Set<string>();
  const byKey = new Map<string, PersonRef>();
  for (const p of people) byKey.set(personKey(p), p);
  if (byKey.size === 0) return { unknownUserIds };
  const known = await tx
    .select({ id: identities.id, externalUserId: identities.externalUserId, userId: identities.userId })
    .from(identities)
    .where(
      and(eq(identities.connectorId, connectorId), inArray(identities.externalUserId, [...byKey.keys()])),
    );
  const knownByKey = new Map(known.map((k) => [k.externalUserId, k]));

  for (const [key, person] of byKey) {
    const stored = knownByKey.get(key);
    if (stored?.userId) continue;
    const match = await findUser(tx, person);
    if (match === 'unknown-user') {
      unknownUserIds.add(person.userId ?? '');
      continue;
    }
    if (!match) continue;
    if (stored) {
      await linkIdentityToUser(tx, { identityId: stored.id, userId: match.userId, matchedBy: match.by });
      continue;
    }
    await tx
      .insert(identities)
      .values({
        connectorId,
        externalUserId: key,
        userId: match.userId,
        name: person.name ?? null,
        email: person.email?.toLowerCase() ?? null,
        mobile: person.mobile ?? null,
        matchedBy: match.by,
      })
      .onConflictDoNothing({ target: [identities.connectorId, identities.externalUserId] });
  }
  return { unknownUserIds };
}

/** The 400 for items that name Huiban user ids that do not exist. */
export function unknownUserError(userIds: Iterable<string>): AppError {
  const ids = [...userIds];
  return new AppError('validation_failed', `unknown Huiban user ${ids.join(', ')}`, {
    issues: ids.map((id) => ({ path: 'userId', message: `no Huiban user has the id ${id}` })),
  });
}

async function findUser(
  db: DbOrTx,
  p: PersonRef,
): Promise<{ userId: string; by: string } | 'unknown-user' | null> {
  if (p.userId) {
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, p.userId)).limit(1);
    return user ? { userId: user.id, by: 'userId' } : 'unknown-user';
  }
  if (p.email || p.mobile) {
    const condition = p.email
      ? sql`lower(${users.email}) = ${p.email.toLowerCase()}`
      : eq(users.mobile, p.mobile ?? '');
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(and(condition, eq(users.status, 'active')))
      .limit(2);
    // Two users with one key is ambiguous: leave it to an admin rather than guess.
    return rows.length === 1 && rows[0] ? { userId: rows[0].id, by: p.email ? 'email' : 'mobile' } : null;
  }
  const rows = await db
    .selectDistinct({ userId: identities.userId })
    .from(identities)
    .innerJoin(connectors, eq(connectors.id, identities.connectorId))
    .where(
      and(
        eq(connectors.kind, 'dingtalk'),
        eq(identities.externalUserId, p.dingtalkUserId ?? ''),
        isNotNull(identities.userId),
      ),
    )
    .limit(2);
  return rows.length === 1 && rows[0]?.userId ? { userId: rows[0].userId, by: 'dingtalkUserId' } : null;
}
