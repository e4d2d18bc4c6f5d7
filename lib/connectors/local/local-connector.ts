import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';

/**
 * The one `local` connector row that local workflow instances, tasks and identities hang off. Created lazily
 * and idempotently: a transaction-scoped advisory lock makes concurrent first starts create one row.
 */
export async function ensureLocalConnector(tx: DbOrTx): Promise<string> {
  const existing = await findLocalConnector(tx);
  if (existing) return existing;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('huiban:local-connector'))`);
  const again = await findLocalConnector(tx);
  if (again) return again;
  const [row] = await tx
    .insert(connectors)
    .values({ kind: 'local', name: '汇办流程', config: {} })
    .returning({ id: connectors.id });
  if (!row) throw new Error('local connector insert failed');
  return row.id;
}

export async function findLocalConnector(db: DbOrTx): Promise<string | null> {
  const [row] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(eq(connectors.kind, 'local'))
    .orderBy(connectors.createdAt)
    .limit(1);
  return row?.id ?? null;
}
