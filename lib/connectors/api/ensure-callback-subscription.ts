import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, subscriptions } from '@/db/schema';

/**
 * The `subscriptions` row that stands for an API connector's callback. The delivery log (`deliveries`) hangs
 * off subscriptions, so each API connector's callback is one subscription to `task.action` events of that
 * connector: its url mirrors `config.callbackUrl`; the signing secret stays sealed in the connector's
 * secrets (`subscriptions.secret` stays null). Returns the subscription id, creating or updating as needed.
 */
export async function ensureCallbackSubscription(
  db: DbOrTx,
  connector: { id: string; name: string; config: Record<string, unknown> },
  callbackUrl: string,
): Promise<string> {
  const knownId =
    typeof connector.config.callbackSubscriptionId === 'string'
      ? connector.config.callbackSubscriptionId
      : null;
  if (knownId) {
    const [row] = await db
      .update(subscriptions)
      .set({ url: callbackUrl, kind: 'callback' })
      .where(eq(subscriptions.id, knownId))
      .returning({ id: subscriptions.id });
    if (row) return row.id;
  }
  const [created] = await db
    .insert(subscriptions)
    .values({
      kind: 'callback',
      name: `callback: ${connector.name}`,
      url: callbackUrl,
      eventTypes: ['task.action'],
      connectorIds: [connector.id],
    })
    .returning({ id: subscriptions.id });
  if (!created) throw new Error('subscription insert failed');
  await db
    .update(connectors)
    .set({
      config: sql`${connectors.config} || ${JSON.stringify({ callbackSubscriptionId: created.id })}::jsonb`,
    })
    .where(eq(connectors.id, connector.id));
  return created.id;
}
