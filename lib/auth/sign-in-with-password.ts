import type { DbOrTx } from '@/db/client';
import { recordAudit } from '@/lib/audit/record-audit';
import { authenticateWithPassword } from '@/lib/auth/authenticate-with-password';
import { ACCOUNT_POLICY, blockedUntil, clearFailures, IP_POLICY, recordFailure } from './login-throttle';

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAt: Date };

/**
 * Password sign-in with brute-force protection: a key per account and per client address (PostgreSQL, so
 * every web replica counts together). A blocked key is refused before the password is even hashed, so a locked
 * account costs nothing and other people's sign-ins are not slowed. Every failure and success is audited.
 */
export async function signInWithPassword(
  db: DbOrTx,
  input: { login: string; password: string; ip?: string | null; userAgent?: string | null },
): Promise<SignInResult> {
  const login = input.login.trim().toLowerCase().slice(0, 200);
  const accountKey = `account:${login}`;
  const ipKey = input.ip ? `ip:${input.ip}` : null;
  const keys = ipKey ? [accountKey, ipKey] : [accountKey];
  const meta = { ip: input.ip ?? null, userAgent: input.userAgent ?? null };

  const blocked = await blockedUntil(db, keys);
  if (blocked) {
    await countFailure(db, accountKey, ipKey);
    await recordAudit(db, {
      actorUserId: null,
      action: 'auth.sign_in_blocked',
      targetType: 'login',
      targetId: login,
      details: { retryAt: blocked.toISOString() },
      ...meta,
    });
    return { ok: false, reason: 'throttled', retryAt: blocked };
  }

  const result = await authenticateWithPassword(db, { login, password: input.password });
  if (!result) {
    const { blockedUntil: until } = await countFailure(db, accountKey, ipKey);
    await recordAudit(db, {
      actorUserId: null,
      action: 'auth.sign_in_failed',
      targetType: 'login',
      targetId: login,
      details: until ? { blockedUntil: until.toISOString() } : {},
      ...meta,
    });
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, accountKey);
  await recordAudit(db, {
    actorUserId: result.userId,
    action: 'auth.sign_in',
    targetType: 'user',
    targetId: result.userId,
    details: { method: 'password' },
    ...meta,
  });
  return { ok: true, userId: result.userId };
}

async function countFailure(db: DbOrTx, accountKey: string, ipKey: string | null) {
  const account = await recordFailure(db, accountKey, ACCOUNT_POLICY);
  if (ipKey) await recordFailure(db, ipKey, IP_POLICY);
  return account;
}
