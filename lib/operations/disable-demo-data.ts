import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, users } from '@/db/schema';
import {
  DEMO_CONNECTOR_NAME,
  DEMO_CORP_ID,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_YIDA_CONNECTOR_NAME,
} from '@/db/seed-data';
import { recordAudit } from '@/lib/audit/record-audit';
import { verifyPassword } from '@/lib/auth/passwords';

/** The demo org's connectors: the demo corp and the names the seed gives them (their secrets are in the repo). */
export const demoConnectorCondition = () =>
  and(
    eq(connectors.corpId, DEMO_CORP_ID),
    inArray(connectors.name, [DEMO_CONNECTOR_NAME, DEMO_YIDA_CONNECTOR_NAME]),
  );

/**
 * Demo mode turned off: the demo accounts whose password is still the published one are
 * disabled (they cannot sign in, and their open sessions die with the status), the demo connectors, whose
 * secrets are constants in the repository, are disabled, and one audit line says so. An account whose password
 * was changed is somebody's real account and stays. Idempotent: a second run finds nothing to do.
 */
export async function disableDemoData(db: DbOrTx): Promise<{ users: string[]; connectors: string[] }> {
  const candidates = await db
    .select({ id: users.id, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(
      and(
        inArray(
          users.username,
          DEMO_USERS.map((u) => u.username),
        ),
        eq(users.status, 'active'),
        isNotNull(users.passwordHash),
      ),
    );
  const demoUsers: { id: string; username: string }[] = [];
  for (const user of candidates) {
    if (await verifyPassword(DEMO_PASSWORD, user.passwordHash as string)) {
      demoUsers.push({ id: user.id, username: user.username as string });
    }
  }
  if (demoUsers.length > 0) {
    await db
      .update(users)
      .set({ status: 'disabled' })
      .where(
        inArray(
          users.id,
          demoUsers.map((u) => u.id),
        ),
      );
  }
  const demoConnectors = await db
    .update(connectors)
    .set({ enabled: false })
    .where(and(demoConnectorCondition(), eq(connectors.enabled, true)))
    .returning({ id: connectors.id });
  if (demoUsers.length > 0 || demoConnectors.length > 0) {
    await recordAudit(db, {
      actorUserId: null,
      action: 'demo.disabled',
      targetType: 'installation',
      details: {
        users: demoUsers.map((u) => u.username),
        connectors: demoConnectors.map((c) => c.id),
      },
    });
  }
  return { users: demoUsers.map((u) => u.username), connectors: demoConnectors.map((c) => c.id) };
}
