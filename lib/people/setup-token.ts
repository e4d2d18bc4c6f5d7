import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { setupTokens, users } from '@/db/schema';

/** Whether an active admin exists (then there is no first-run setup). */
export async function hasActiveAdmin(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.status, 'active')))
    .limit(1);
  return Boolean(row);
}

/** Whether `/setup` is open: no admin yet and an unused setup token. */
export async function isSetupPending(db: DbOrTx): Promise<boolean> {
  const [token] = await db
    .select({ id: setupTokens.id })
    .from(setupTokens)
    .where(isNull(setupTokens.usedAt))
    .limit(1);
  return Boolean(token) && !(await hasActiveAdmin(db));
}

export function hashSetupToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * First run without an admin (as Jenkins and Grafana do): a random one-time token, printed to the console by
 * the caller and stored only as a hash. Issuing a new one retires the older ones, so only the token printed by
 * the latest start works.
 */
export async function issueSetupToken(db: DbOrTx): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await db.update(setupTokens).set({ usedAt: sql`now()` }).where(isNull(setupTokens.usedAt));
  await db.insert(setupTokens).values({ tokenHash: hashSetupToken(token) });
  return token;
}
