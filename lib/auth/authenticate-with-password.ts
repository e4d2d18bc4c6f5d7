import { eq, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword, needsRehash, verifyPassword } from '@/lib/auth/passwords';

// A fixed hash to compare against when the user does not exist, so timing does not reveal which logins exist.
const DUMMY_HASH = 'scrypt$32768$8$1$1ozR5zGXjYehuNJUQVARUA$MDo_saYvcWw4cgF6T-0hO7kh5zs0wzB9eBNpCdjZZqQ';

/**
 * Checks a login (username or email) and password. Returns the user id, or null for any failure
 * (unknown login, wrong password, no password set, account not active): the caller shows one message.
 * A hash in an older format (bcrypt) is replaced by a current one on success.
 */
export async function authenticateWithPassword(
  db: DbOrTx,
  input: { login: string; password: string },
): Promise<{ userId: string } | null> {
  const login = input.login.trim().toLowerCase();
  if (!login || !input.password) return null;
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(or(eq(users.username, login), eq(users.email, login)))
    .limit(1);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user?.passwordHash || !ok || user.status !== 'active') return null;
  const upgrade = needsRehash(user.passwordHash) ? { passwordHash: await hashPassword(input.password) } : {};
  await db
    .update(users)
    .set({ lastLoginAt: new Date(), ...upgrade })
    .where(eq(users.id, user.id));
  return { userId: user.id };
}
