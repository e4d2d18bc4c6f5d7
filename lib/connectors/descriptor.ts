import type { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import type { Connector } from '@/db/schema';
import type { RequestMeta } from '@/lib/audit/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorKind } from './kinds';
import type { ConnectorRuntime, SourceAdapter } from './types';

/** The answer of "测试连接": never a token or a secret. */
export type ConnectorTestResult =
  | { ok: true; latencyMs: number }
  | { ok: false; latencyMs: number; code: string; message: string };

/**
 * An admin capability a kind does not have (e.g. `local` connectors are created by the system). The admin layer
 * answers the AppError it names (400 or 404), never a 500.
 */
export type AdminUnsupported = {
  readonly unsupported: { code: 'bad_request' | 'not_found'; message: string };
};

export function adminUnsupported(code: 'bad_request' | 'not_found', message: string): AdminUnsupported {
  return { unsupported: { code, message } };
}

export function isAdminUnsupported(value: object): value is AdminUnsupported {
  return 'unsupported' in value;
}

/** What a kind's create/update answers: the admin view of the saved row (plus, for some kinds, a secret shown once). */
type SavedConnector = { id: string; kind: ConnectorKind };

export type AdminCreate = (
  db: Db,
  viewer: Viewer,
  input: unknown,
  meta: RequestMeta,
) => Promise<SavedConnector & Record<string, unknown>>;
export type AdminUpdate = (
  db: Db,
  viewer: Viewer,
  connectorId: string,
  input: unknown,
  meta: RequestMeta,
) => Promise<SavedConnector & Record<string, unknown>>;
export type AdminTest = (db: DbOrTx, viewer: Viewer, connectorId: string) => Promise<ConnectorTestResult>;

/** A Huiban event as a connect-platform trigger sees it (lib/distribution's EventEnvelope fits). */
export type ConnectTriggerEvent = { id: string; type: string; occurredAt: string };

/** A source's "connect platform" that takes Huiban events as trigger data (DingTalk 连接平台). */
export interface ConnectTriggerSender {
  /** The platform endpoint the pushes go to (what a connect-trigger subscription shows as its URL). */
  readonly endpoint: string;
  /** Pushes one event; throws an AdapterError (retryable or not) when the platform refuses. */
  push(
    connector: ConnectorRuntime,
    target: { triggerId: string; appId?: string | null },
    event: ConnectTriggerEvent,
  ): Promise<unknown>;
}

/**
 * Everything one source kind brings (design.md "A source kind is a plug-in"): its runtime adapter, its admin
 * use cases, and the capabilities kind-neutral modules ask for instead of comparing kind names.
 */
export type ConnectorDescriptor<K extends ConnectorKind = ConnectorKind, View = unknown> = {
  readonly kind: K;
  readonly adapter: SourceAdapter;
  readonly admin: {
    /** Bodies of create / update (also what the admin API validates); null where the capability is absent. */
    readonly inputSchema: { create: z.ZodType | null; update: z.ZodType | null };
    readonly create: AdminCreate | AdminUnsupported;
    readonly update: AdminUpdate | AdminUnsupported;
    readonly test: AdminTest | AdminUnsupported;
    /**
     * The kind's part of the admin view. It gets the opened secrets and must reduce them to "is set" flags
     * (invariant 6).
     */
    toView(row: Connector, secrets: Record<string, string>): View;
    /** The process-wide hosts the admin form shows for empty host fields (invariant 7), if it has any. */
    formDefaults?(): { apiBase: string; oapiBase: string };
  };
  /** The kind a create body without `kind` makes (the admin API before kinds existed). One kind at most. */
  readonly isDefaultCreateKind?: boolean;
  /** True when the connector receives its events over a long-lived Stream the worker keeps open. */
  usesStream?(config: Record<string, unknown>): boolean;
  /** The source meters API calls per month (the sync-health page shows usage against a quota). */
  readonly meteredApi?: boolean;
  /** Its connectors hold API keys that authenticate calls to the open REST API (`route({ auth: 'apiKey' })`). */
  readonly acceptsApiKeys?: boolean;
  /** Present when the source has a connect platform outbound subscriptions can push trigger data into. */
  readonly connectTrigger?: ConnectTriggerSender;
  /**
   * Huiban decides this source's flow itself (its own engine), so an SLA escalation may transfer an overdue task
   * to the approver's manager or agree / refuse it (docs/sla.md).
   */
  readonly slaAutoAct?: boolean;
  /**
   * The source's own task pages open inside DingTalk (its tasks' deep links), so a work notice about one of its
   * tasks (催办, docs/reminders.md) links there rather than to Huiban's page.
   */
  readonly noticeLinksToSource?: boolean;
  /**
   * What of a Huiban comment reaches the source besides its text (docs/comments-and-print.md): its files, its
   * @mentions. `isHuiban`: Huiban is the source (local workflows), so nothing is written anywhere else.
   * Absent: text only. The comment box says so.
   */
  readonly commentWriteBack?: { files: boolean; mentions: boolean; isHuiban?: boolean };
};
