import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * `users.manager_id` from the directory: the Huiban user linked to the identity named as the person's
 * manager (`manager_userid`) on the same connector. Local workflows route "直属主管" steps through it.
 * Only people whose manager is known and linked are touched; returns how many changed.
 */
export async function updateManagers(
  db: DbOrTx,
  connectorId: string,
  externalUserIds?: string[],
): Promise<number> {
  const only =
    externalUserIds && externalUserIds.length > 0
      ? sql`AND i.external_user_id IN (${sql.join(
          externalUserIds.map((id) => sql`${id}`),
          sql`, `,
        )})`
      : sql``;
  const rows = await db.execute<{ id: string }>(sql`
    UPDATE users u SET manager_id = m.user_id, updated_at = now()
    FROM identities i
    JOIN identities m ON m.connector_id = i.connector_id AND m.external_user_id = i.manager_external_id
    WHERE u.id = i.user_id
      AND i.connector_id = ${connectorId}
      AND i.active
      AND m.user_id IS NOT NULL
      AND m.user_id <> i.user_id
      AND u.manager_id IS DISTINCT FROM m.user_id
      ${only}
    RETURNING u.id`);
  return rows.length;
}
