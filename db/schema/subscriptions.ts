import { boolean, integer, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';

/**
 * `webhook`: an admin's outbound webhook (docs/event-distribution.md) · `connect_trigger`: Huiban's events
 * pushed into the DingTalk connect platform as trigger data through a DingTalk connector · `callback`: the
 * internal subscription behind an API connector's action callback (lib/connectors/api), not listed on the
 * subscriptions page · `dingtalk_robot`: markdown messages to a DingTalk group through a custom robot's
 * webhook (`url`), signed with its secret (`secret`, sealed).
 */
export const subscriptionKind = pgEnum('subscription_kind', [
  'webhook',
  'connect_trigger',
  'callback',
  'dingtalk_robot',
]);

/** Settings of a `connect_trigger` subscription (none of them secret: the connector holds the app secret). */
export type ConnectTriggerConfig = {
  /** The DingTalk connector whose app token calls the connect platform. */
  dingtalkConnectorId: string;
  /** The platform's trigger id (`dingTriggerId`, e.g. `TRIGGER-…`). */
  triggerId: string;
  /** `appId` of triggers/data/sync; empty = the connector's agentId (self-built apps). */
  appId?: string | null;
};

/** Settings of a `dingtalk_robot` subscription (the signing secret is sealed in `secret`). */
export type RobotConfig = {
  /** Who is @-ed in a task message: the assignee by mobile, by DingTalk userId, or nobody. */
  atMode: 'none' | 'mobile' | 'userId';
  /** Messages per minute to stay within (DingTalk: 20 per robot; beyond it the robot is blocked 10 minutes). */
  perMinute: number;
};

/** Opt-in form values in the envelopes: per process code, the fields (ids or labels) that may go out. */
export type FormValuesConfig = {
  formValues: { enabled: boolean; fields: Record<string, string[]> };
};

/** An outbound webhook: another system that wants Huiban's task/instance events (forwarded after Huiban processed them). */
export const subscriptions = pgTable('subscriptions', {
  id: id(),
  kind: subscriptionKind('kind').notNull().default('webhook'),
  name: text('name').notNull(),
  /**
   * Where deliveries go. For a URL that carries a credential (a group robot's `access_token`) this is only the
   * masked form shown to admins; the real URL is in `sealedUrl`.
   */
  url: text('url').notNull(),
  /** AES-GCM ciphertext of a URL that carries a credential (a robot webhook); null = `url` is the real URL. */
  sealedUrl: text('sealed_url'),
  /** AES-GCM ciphertext of the HMAC signing secret. */
  secret: text('secret'),
  secretRotatedAt: tstz('secret_rotated_at'),
  eventTypes: jsonb('event_types').$type<string[]>().notNull().default([]),
  /** Empty = all connectors. */
  connectorIds: jsonb('connector_ids').$type<string[]>().notNull().default([]),
  /** Empty = all process codes. */
  processCodes: jsonb('process_codes').$type<string[]>().notNull().default([]),
  /** Kind settings (`connect_trigger`, `dingtalk_robot`) and the form-values opt-in of any kind. */
  config: jsonb('config')
    .$type<Partial<ConnectTriggerConfig & RobotConfig & FormValuesConfig>>()
    .notNull()
    .default({}),
  enabled: boolean('enabled').notNull().default(true),
  /** Why a disabled subscription is paused: null = by an admin; otherwise the auto-pause notice. */
  pausedReason: text('paused_reason'),
  pausedAt: tstz('paused_at'),
  /** Failed attempts in a row (any delivery); a success resets it. */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** When the current run of failures began. */
  failingSince: tstz('failing_since'),
  /** Auto-pause after this many failed attempts in a row … */
  autoPauseFailures: integer('auto_pause_failures').notNull().default(10),
  /** … that have lasted at least this long (0 = at once). */
  autoPauseMinutes: integer('auto_pause_minutes').notNull().default(60),
  ...timestamps,
});

export type Subscription = typeof subscriptions.$inferSelect;
