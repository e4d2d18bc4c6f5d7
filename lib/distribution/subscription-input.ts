import { z } from 'zod';
import { EVENT_TYPES } from './outbox/event-types';

// Browser-safe: the admin form and the routes share these.

const eventType = z
  .string()
  .refine((t) => EVENT_TYPES.includes(t), { message: 'errors:subscription.unknownEventType' });

const filtersShape = {
  name: z.string().trim().min(1).max(100),
  eventTypes: z.array(eventType).min(1, 'errors:subscription.pickEventType').max(EVENT_TYPES.length),
  /** Empty = every connector. */
  connectorIds: z.array(z.uuid()).max(100),
  /** Empty = every process. */
  processCodes: z.array(z.string().trim().min(1).max(200)).max(200),
  /** Auto-pause after this many failed attempts in a row (0 = never) … */
  autoPauseFailures: z.number().int().min(0).max(10_000),
  /** … lasting at least this many minutes. */
  autoPauseMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  /**
   * Form values in the envelopes (`data.formValues`), opt-in: per process code the fields (component ids or
   * labels) that may go out; `*` = every process. A process not listed gets none.
   */
  formValues: z.strictObject({
    enabled: z.boolean(),
    fields: z
      .record(z.string().trim().min(1).max(200), z.array(z.string().trim().min(1).max(200)).max(200))
      .refine((r) => Object.keys(r).length <= 200, { message: '最多 200 个流程' }),
  }),
};

const webhookShape = {
  url: z.url({ protocol: /^https?$/, message: 'errors:subscription.httpUrl' }).max(2000),
};

/** A DingTalk group's custom robot (dingtalk-wave2-apis.md §4): its webhook, 加签 secret and @ setting. */
const robotShape = {
  url: z.url({ protocol: /^https?$/, message: '请输入机器人的 Webhook 地址' }).max(2000),
  /** The robot's 加签 secret (`SEC…`): sealed at rest, never returned. */
  robotSecret: z.string().trim().min(1, '加签密钥必填').max(200),
  atMode: z.enum(['none', 'mobile', 'userId']),
  /** Messages per minute (DingTalk allows 20 per robot). */
  perMinute: z.number().int().min(1).max(20),
};

const triggerShape = {
  dingtalkConnectorId: z.uuid(),
  triggerId: z.string().trim().min(1).max(200),
  /** `appId` of triggers/data/sync: the app's AgentId (self-built) or the ISV app id. */
  appId: z.string().trim().min(1, 'errors:subscription.agentIdRequired').max(100),
};

const defaults = {
  connectorIds: filtersShape.connectorIds.default([]),
  processCodes: filtersShape.processCodes.default([]),
  autoPauseFailures: filtersShape.autoPauseFailures.default(10),
  autoPauseMinutes: filtersShape.autoPauseMinutes.default(60),
  formValues: filtersShape.formValues.optional(),
};

/**
 * Body of "add a subscription": a webhook (signed POSTs), a DingTalk connect-platform trigger, or a DingTalk
 * group robot (markdown messages).
 */
export const createSubscriptionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), ...filtersShape, ...defaults, ...webhookShape }),
  z.strictObject({ kind: z.literal('connect_trigger'), ...filtersShape, ...defaults, ...triggerShape }),
  z.strictObject({
    kind: z.literal('dingtalk_robot'),
    ...filtersShape,
    ...defaults,
    ...robotShape,
    atMode: robotShape.atMode.default('userId'),
    perMinute: robotShape.perMinute.default(20),
  }),
]);
export type CreateSubscriptionInput = z.input<typeof createSubscriptionSchema>;
export type CreateSubscriptionData = z.output<typeof createSubscriptionSchema>;

/** Body of "edit a subscription" (PATCH): the kind stays; fields of the other kind are refused. */
export const updateSubscriptionSchema = z
  .strictObject({
    ...filtersShape,
    ...webhookShape,
    ...triggerShape,
    robotSecret: robotShape.robotSecret,
    atMode: robotShape.atMode,
    perMinute: robotShape.perMinute,
  })
  .partial();
export type UpdateSubscriptionInput = z.input<typeof updateSubscriptionSchema>;
export type UpdateSubscriptionData = z.output<typeof updateSubscriptionSchema>;

export const setSubscriptionEnabledSchema = z.strictObject({ enabled: z.boolean() });

export const deliveryListQuerySchema = z.object({
  status: z.enum(['pending', 'sending', 'delivered', 'failed', 'dead']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export type SubscriptionView = {
  id: string;
  kind: 'webhook' | 'connect_trigger' | 'dingtalk_robot';
  name: string;
  /** Webhook target; for a connect trigger, the platform endpoint it calls (informational). */
  url: string;
  eventTypes: string[];
  connectorIds: string[];
  processCodes: string[];
  dingtalkConnectorId: string | null;
  triggerId: string | null;
  appId: string | null;
  /** Group robot: whom a new-task message @-s, and its messages per minute. */
  atMode: 'none' | 'mobile' | 'userId' | null;
  perMinute: number | null;
  formValues: { enabled: boolean; fields: Record<string, string[]> };
  enabled: boolean;
  /** `auto`: paused by the failure rule (see consecutiveFailures / failingSince); null: by an admin. */
  pausedReason: 'auto' | null;
  pausedAt: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  autoPauseFailures: number;
  autoPauseMinutes: number;
  /** The secret itself is never sent after creation / rotation (invariant 6); for a robot, never at all. */
  hasSecret: boolean;
  secretRotatedAt: string | null;
  createdAt: string;
  stats: { pending: number; delivered: number; failed: number; dead: number; lastAttemptAt: string | null };
};

export type DeliveryView = {
  id: string;
  eventId: string | null;
  eventType: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed' | 'dead';
  attempts: number;
  responseStatus: number | null;
  latencyMs: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  payload: unknown;
};
