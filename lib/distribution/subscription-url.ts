import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { subscriptions } from '@/db/schema';
import { decryptSecret, encryptSecret, getSecretsKey } from '@/lib/crypto/secrets';

// Invariant 6: a group robot's webhook URL carries its `access_token` (anyone holding it can post to the group),
// so it is sealed like the signing secret, bound to its subscription id; admins see a masked form only.
const context = (subscriptionId: string) => `subscription-url:${subscriptionId}`;

/** Query parameters whose value is a credential. */
const CREDENTIAL_PARAM = /token|secret|sign|key/i;

/**
 * The URL with every credential-like query value reduced to its last 4 characters
 * (`…/robot/send?access_token=****9f3a`). Idempotent: masking a masked URL changes nothing.
 */
export function maskUrl(url: string): string {
  const [head, query] = url.split(/\?(.*)/s, 2);
  if (query === undefined) return url;
  const masked = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || !CREDENTIAL_PARAM.test(pair.slice(0, eq))) return pair;
      const value = pair.slice(eq + 1);
      if (value.startsWith('****')) return pair;
      return `${pair.slice(0, eq + 1)}****${value.length > 8 ? value.slice(-4) : ''}`;
    })
    .join('&');
  return `${head}?${masked}`;
}

/** What a robot subscription's row holds for its webhook: the masked URL to show and the sealed real one. */
export function sealRobotUrl(subscriptionId: string, url: string): { url: string; sealedUrl: string } {
  return { url: maskUrl(url), sealedUrl: encryptSecret(url, getSecretsKey(), context(subscriptionId)) };
}

/** `unsafe`: the real webhook URL, for sending only; never return or log it. */
export function unsafeOpenSubscriptionUrl(row: {
  id: string;
  url: string;
  sealedUrl: string | null;
}): string {
  return row.sealedUrl ? decryptSecret(row.sealedUrl, getSecretsKey(), context(row.id)) : row.url;
}

/**
 * Seals the webhook URL of robot subscriptions stored before URLs were sealed (their `url` is the plain
 * webhook). Idempotent: only rows without `sealed_url` are touched, each in one UPDATE guarded by the same
 * condition, so two workers booting together cannot double-seal. Run at worker boot (worker/start-worker.ts).
 */
export async function sealPlainRobotUrls(db: DbOrTx): Promise<number> {
  const rows = await db
    .select({ id: subscriptions.id, url: subscriptions.url })
    .from(subscriptions)
    .where(and(eq(subscriptions.kind, 'dingtalk_robot'), isNull(subscriptions.sealedUrl)));
  let sealed = 0;
  for (const row of rows) {
    const updated = await db
      .update(subscriptions)
      .set(sealRobotUrl(row.id, row.url))
      .where(and(eq(subscriptions.id, row.id), isNull(subscriptions.sealedUrl)))
      .returning({ id: subscriptions.id });
    sealed += updated.length;
  }
  return sealed;
}
