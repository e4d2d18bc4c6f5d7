import { boolean, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';

export const connectorKind = pgEnum('connector_kind', ['dingtalk', 'yida', 'local', 'api']);

/** Health facts the worker keeps current for the sync-health page. */
export type ConnectorHealth = {
  state?: 'ok' | 'degraded' | 'down' | 'unknown';
  streamState?: 'connecting' | 'connected' | 'disconnected';
  /** The Stream client's connection details (worker/streams/dingtalk-streams.ts); times are ISO strings. */
  stream?: {
    /** Failed connects and drops since the last stable connection. */
    reconnectAttempts: number;
    lastError: string | null;
    connectedSince: string | null;
    nextRetryAt: string | null;
    changedAt: string;
  };
  lastEventAt?: string;
  lastError?: string;
  lastReconcileAt?: string;
  /** What the last reconciliation re-checked and repaired. */
  lastReconcile?: Record<string, number>;
};

/**
 * One configured source: a DingTalk app, a Yida app, the local workflow engine, or an external system
 * pushing through the open API. `secrets` holds AES-GCM ciphertext (lib/crypto/secrets.ts), never plain text
 * (invariant 6); `config` holds only non-secret settings such as base URLs and enabled actions.
 */
export const connectors = pgTable('connectors', {
  id: id(),
  kind: connectorKind('kind').notNull(),
  name: text('name').notNull(),
  corpId: text('corp_id'),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  secrets: text('secrets'),
  enabled: boolean('enabled').notNull().default(true),
  health: jsonb('health').$type<ConnectorHealth>().notNull().default({}),
  ...timestamps,
});

export type Connector = typeof connectors.$inferSelect;
export type NewConnector = typeof connectors.$inferInsert;
