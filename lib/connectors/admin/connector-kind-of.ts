import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { ConnectorDescriptor } from '../descriptor';
import { getDescriptor } from '../registry/registry';

/** The descriptor of a stored connector's kind, for dispatching an admin use case; 404 when unknown. */
export async function descriptorOfConnector(db: DbOrTx, connectorId: string): Promise<ConnectorDescriptor> {
  const [row] = await db
    .select({ kind: connectors.kind })
    .from(connectors)
    .where(eq(connectors.id, connectorId))
    .limit(1);
  if (!row) throw new AppError('not_found', 'errors:notFound.connector');
  return getDescriptor(row.kind);
}
