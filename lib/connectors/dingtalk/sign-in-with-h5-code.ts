import { and, eq, isNotNull, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { identities, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { DingTalkCodeSignInResult } from '@/lib/auth/dingtalk-h5-errors';
import { blockedUntil, IP_POLICY, recordFailure } from '@/lib/auth/login-throttle';
import { exchangeH5AuthCode } from './h5-login';

const CODE = /^[A-Za-z0-9_-]{1,128}$/;
const CORP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Signs in with a `dd.requestAuthCode` code from inside the DingTalk client. The person is found only through an
 * identity recorded on the connector of that corp, by DingTalk userId or unionId — never by name, mobile or
 * email — and only when exactly one active Huiban user holds it. Failures count against the client address
 * like wrong passwords do (a bad code costs a DingTalk call), and every outcome is audited.
 */
export async function signInWithDingTalkCode(
  db: DbOrTx,
  input: {
    corpId: string;
    clientId?: string | null;
    code: string;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<DingTalkCodeSignInResult> {
  const ipKey = input.ip ? `ip:${input.ip}` : null;
  const meta = { ip: input.ip ?? null, userAgent: input.userAgent ?? null };
  const fail = async (reason: 'code_invalid' | 'not_linked' | 'corp_refused' | 'invalid_input') => {
    if (ipKey) await recordFailure(db, ipKey, IP_POLICY);
    await recordAudit(db, {
      actorUserId: null,
      action: 'auth.sign_in_failed',
      targetType: 'login',
      targetId: `dingtalk:${input.corpId.slice(0, 64)}`,
      details: { method: 'dingtalk_h5', reason },
      ...meta,
    });
    return { ok: false as const, reason };
  };

  if (ipKey) {
    const blocked = await blockedUntil(db, [ipKey]);
    if (blocked) {
      await recordFailure(db, ipKey, IP_POLICY);
      return { ok: false, reason: 'throttled', retryAt: blocked };
    }
  }
  if (!CODE.test(input.code) || !CORP_ID.test(input.corpId)) return fail('invalid_input');

  const exchanged = await exchangeH5AuthCode(db, input);
  if (!exchanged.ok) {
    if (exchanged.reason === 'unavailable') return { ok: false, reason: 'unavailable' };
    return fail(exchanged.reason === 'unknown_corp' ? 'corp_refused' : 'code_invalid');
  }

  const sameIdentity = exchanged.unionId
    ? or(eq(identities.externalUserId, exchanged.dingtalkUserId), eq(identities.unionId, exchanged.unionId))
    : eq(identities.externalUserId, exchanged.dingtalkUserId);
  const rows = await db
    .selectDistinct({ userId: identities.userId })
    .from(identities)
    .innerJoin(users, eq(users.id, identities.userId))
    .where(
      and(
        eq(identities.connectorId, exchanged.connectorId),
        sameIdentity,
        isNotNull(identities.userId),
        eq(users.status, 'active'),
      ),
    )
    .limit(2);
  // Two Huiban users claiming one DingTalk person is a mapping error for an admin to fix, never a coin toss.
  const userId = rows.length === 1 ? rows[0]?.userId : null;
  if (!userId) return fail('not_linked');

  await recordAudit(db, {
    actorUserId: userId,
    action: 'auth.sign_in',
    targetType: 'user',
    targetId: userId,
    details: { method: 'dingtalk_h5', corpId: exchanged.corpId },
    ...meta,
  });
  return { ok: true, userId };
}
