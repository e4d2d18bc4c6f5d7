import { z } from 'zod';
import { rawEnv } from '@/lib/env';
import type { ConnectorRuntime } from '../types';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The five integration-center pushes (yida-connect-api.md §1.1); each has its own URL (§1.3). */
export const YIDA_PUSH_ACTIONS = ['create', 'complete', 'cancel', 'delete', 'cc'] as const;
export type YidaPushAction = (typeof YIDA_PUSH_ACTIONS)[number];

/** One Yida app the connector reads; its systemToken is a secret (`systemToken.<appType>`). */
export const yidaAppSchema = z.object({
  appType: z.string().min(1),
  name: z.string().optional(),
  /** Process forms scanned by reconciliation (GetInstances needs a formUuid, §2.8). */
  formUuids: z.array(z.string().min(1)).default([]),
});

/** Non-secret settings of a Yida connector (stored in connectors.config). */
export const yidaConfigSchema = z.object({
  /** The DingTalk app (Client ID) whose token the Yida OpenAPI calls carry (§2.1). */
  clientId: z.string().min(1),
  apps: z.array(yidaAppSchema).default([]),
  /** Pushes accepted; a push to a disabled action's URL is answered 404 and not stored. */
  enabledActions: z.array(z.enum(YIDA_PUSH_ACTIONS)).default([...YIDA_PUSH_ACTIONS]),
  /**
   * The Yida userId the adapter reads instances as (an app admin: Yida checks this user's permission on every
   * call, §2.1). Acting always uses the acting person's own userId.
   */
  operatorUserId: z.string().min(1),
  /** Pushes whose `dateTime` is further than this from now are refused (401); 0 = no window (UNCONFIRMED §8.3). */
  signatureWindowSeconds: z.number().int().nonnegative().default(900),
  /**
   * `openapi`: after a push, the instance is re-read from the OpenAPI (authoritative, the default);
   * `push`: push content only (for orgs without OpenAPI access; no reconciliation possible).
   */
  snapshotSource: z.enum(['openapi', 'push']).default('openapi'),
  /** Host of the Yida OpenAPI (invariant 7); unset = the process-wide YIDA_API_BASE. */
  apiBase: z.url().optional(),
  /** DingTalk's old API host for the contacts lookup that links Yida users to Huiban users; unset = DINGTALK_OAPI_BASE. */
  oapiBase: z.url().optional(),
  /** Origin of Yida pages (专属 deployments have their own host, §3). */
  yidaOrigin: z.url().optional(),
  /** Deep-link templates; `{origin}`, `{appType}`, `{instanceId}`, `{formUuid}`, `{taskId}`, `{corpId}` are replaced. */
  pcLinkTemplate: z.string().optional(),
  mobileLinkTemplate: z.string().optional(),
  /**
   * Time zone of the org: Yida stores date-only values as local midnight in epoch ms (dingtalk-wave2-apis.md
   * §6.2; Asia/Shanghai assumed, UNCONFIRMED for other zones).
   */
  timeZone: z.string().refine(isTimeZone, { message: 'unknown time zone' }).default('Asia/Shanghai'),
  /**
   * An admin's renames of form components (componentId → label). Labels and types otherwise come from Yida's
   * form definition (GetFieldDefByUuid); these win over it.
   */
  fieldLabels: z.record(z.string(), z.string()).default({}),
  /** Form components shown in the inbox summary (componentIds, in order); empty = the first three plain ones. */
  summaryFields: z.array(z.string()).default([]),
  qpsLimit: z.number().int().positive().default(20),
});
export type YidaConfig = z.output<typeof yidaConfigSchema>;

export type YidaSettings = YidaConfig & {
  corpId: string | null;
  /** Huiban's connector, for metering calls against the monthly quota. */
  connectorId?: string;
  apiBase: string;
  yidaOrigin: string;
  clientSecret: string;
  /** appType → systemToken; `*` is the connector-wide default (UNCONFIRMED whether every app signs with its own). */
  systemTokens: Record<string, string>;
};

export const DEFAULT_YIDA_ORIGIN = 'https://www.aliwork.com';

/** The secret key under which an app's systemToken is sealed. */
export function systemTokenKey(appType: string): string {
  return `systemToken.${appType}`;
}

/** A Yida connector's settings, with host defaults from the environment and the per-app tokens unpacked. */
export function yidaSettings(connector: ConnectorRuntime): YidaSettings {
  const config = yidaConfigSchema.parse(connector.config);
  const systemTokens: Record<string, string> = {};
  for (const [key, value] of Object.entries(connector.secrets)) {
    if (key === 'systemToken') systemTokens['*'] = value;
    else if (key.startsWith('systemToken.')) systemTokens[key.slice('systemToken.'.length)] = value;
  }
  return {
    ...config,
    corpId: connector.corpId,
    connectorId: connector.id,
    apiBase: (config.apiBase ?? rawEnv().YIDA_API_BASE ?? 'https://api.dingtalk.com').replace(/\/$/, ''),
    yidaOrigin: (config.yidaOrigin ?? DEFAULT_YIDA_ORIGIN).replace(/\/$/, ''),
    clientSecret: connector.secrets.clientSecret ?? '',
    systemTokens,
  };
}

/** The systemToken of one app (or the connector default), or null when the app is not configured. */
export function systemTokenOf(
  s: Pick<YidaSettings, 'systemTokens' | 'apps'>,
  appType: string,
): string | null {
  const own = s.systemTokens[appType];
  if (own) return own;
  const isConfigured = s.apps.some((a) => a.appType === appType);
  return isConfigured ? (s.systemTokens['*'] ?? null) : null;
}
