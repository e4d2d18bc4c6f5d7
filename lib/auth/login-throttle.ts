import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { loginThrottles } from '@/db/schema';

/**
 * How many failures a key gets for free, how the wait grows after that (doubling from `baseDelayMs`), and
 * when it turns into a lock. Failures older than `windowMs` are forgotten.
 */
export type ThrottlePolicy = {
  freeFailures: number;
  baseDelayMs: number;
  lockAfter: number;
  lockMs: number;
  windowMs: number;
};

/** Per account: 5 free tries, then 1 s, 2 s, 4 s … between tries, locked for 15 minutes at 10 failures. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 1000,
  lockAfter: 10,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

/** Per client address: an office behind one NAT shares it, so the numbers are ten times higher. */
export const IP_POLICY: ThrottlePolicy = {
  freeFailures: 50,
  baseDelayMs: 1000,
  lockAfter: 100,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

/** The latest `blocked_until` among the keys, if still in the future. */
export async function blockedUntil(db: DbOrTx, keys: string[], now = new Date()): Promise<Date | null> {
  if (keys.length === 0) return null;
  const rows = await db
    .select({ blockedUntil: loginThrottles.blockedUntil })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, keys));
  const latest = rows
    .map((r) => r.blockedUntil)
    .filter((d): d is Date => d !== null && d > now)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return latest ?? null;
}

/**
 * Counts one failure for a key and sets when the next attempt may be checked. An attempt refused while
 * blocked counts too, so hammering a locked account keeps it locked. One statement: replicas racing on the
 * same key each add one.
 */
export async function recordFailure(
  db: DbOrTx,
  key: string,
  policy: ThrottlePolicy,
  now = new Date(),
): Promise<{ failures: number; blockedUntil: Date | null }> {
  const windowStart = new Date(now.getTime() - policy.windowMs);
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`CASE WHEN ${loginThrottles.lastFailureAt} < ${windowStart.toISOString()}::timestamptz THEN 1 ELSE ${loginThrottles.failures} + 1 END`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: loginThrottles.failures });
  const failures = row?.failures ?? 1;
  const until = blockFor(failures, policy, now);
  await db.update(loginThrottles).set({ blockedUntil: until }).where(eq(loginThrottles.key, key));
  return { failures, blockedUntil: until };
}

/** A successful sign-in clears the account's failures (the address keeps its count). */
export async function clearFailures(db: DbOrTx, key: string): Promise<void> {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

/** When the next attempt may be checked after `failures` failures; null = at once. */
export function blockFor(failures: number, policy: ThrottlePolicy, now: Date): Date | null {
  if (failures >= policy.lockAfter) return new Date(now.getTime() + policy.lockMs);
  if (failures < policy.freeFailures) return null;
  const delay = policy.baseDelayMs * 2 ** (failures - policy.freeFailures);
  return new Date(now.getTime() + Math.min(delay, policy.lockMs));
}
