import { connectorKind } from '@/db/schema/connectors';

/**
 * Every source kind, in the schema's order. The database enum is the one list: a kind added there and not
 * registered in `registry.ts` (server) or the admin UI map (client) is a type error.
 */
export const CONNECTOR_KINDS = connectorKind.enumValues;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];
