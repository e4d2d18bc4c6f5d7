import type { Connector, ConnectorHealth } from '@/db/schema';
import { getSecretsKey, openSecrets } from '@/lib/crypto/secrets';
import { YIDA_PUSH_ACTIONS, type YidaPushAction } from '../yida/config';
import { SECRET_FIELDS, type SecretField } from './connector-input';

/** Non-secret DingTalk settings as the admin form edits them. */
export type DingTalkConnectorSettings = {
  clientId: string;
  deliveryMode: 'stream' | 'http';
  processCodes: string[];
  apiBase: string | null;
  oapiBase: string | null;
  pcLinkTemplate: string | null;
  mobileLinkTemplate: string | null;
};

/** Non-secret Yida settings as the admin form edits them; each app's systemToken only as "is set". */
export type YidaConnectorSettings = {
  clientId: string;
  operatorUserId: string;
  apps: { appType: string; name: string | null; formUuids: string[]; systemTokenSet: boolean }[];
  enabledActions: YidaPushAction[];
  signatureWindowSeconds: number;
  snapshotSource: 'openapi' | 'push';
  apiBase: string | null;
  oapiBase: string | null;
  yidaOrigin: string | null;
  pcLinkTemplate: string | null;
  mobileLinkTemplate: string | null;
};

/**
 * A connector as the admin API and pages see it. Invariant 6: secrets appear only as "is set" flags; the
 * values never leave the server.
 */
export type ConnectorDetail = {
  id: string;
  kind: Connector['kind'];
  name: string;
  corpId: string | null;
  enabled: boolean;
  settings: DingTalkConnectorSettings | null;
  /** Yida connectors only. */
  yida: YidaConnectorSettings | null;
  /** Yida connectors only: the five push paths to paste into Yida's integration center (the page prefixes APP_URL). */
  pushPaths: Record<YidaPushAction, string> | null;
  secretsSet: Record<SecretField, boolean>;
  /** True when stored secrets cannot be opened (e.g. HUIBAN_SECRETS_KEY changed); admins must re-enter them. */
  secretsUnreadable: boolean;
  health: ConnectorHealth;
  /** Path of the HTTP callback DingTalk posts to; the page prefixes APP_URL. */
  callbackPath: string;
  createdAt: string;
  updatedAt: string;
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Reads a DingTalk connector's config leniently: a half-written config still shows in the admin page. */
export function readDingTalkSettings(config: Record<string, unknown>): DingTalkConnectorSettings {
  return {
    clientId: str(config.clientId) ?? '',
    deliveryMode: config.deliveryMode === 'http' ? 'http' : 'stream',
    processCodes: Array.isArray(config.processCodes)
      ? config.processCodes.filter((c): c is string => typeof c === 'string')
      : [],
    apiBase: str(config.apiBase),
    oapiBase: str(config.oapiBase),
    pcLinkTemplate: str(config.pcLinkTemplate),
    mobileLinkTemplate: str(config.mobileLinkTemplate),
  };
}

/** Reads a Yida connector's config leniently (a half-written config still shows). */
export function readYidaSettings(
  config: Record<string, unknown>,
  secrets: Record<string, string>,
): YidaConnectorSettings {
  const apps = Array.isArray(config.apps) ? (config.apps as Record<string, unknown>[]) : [];
  const actions = Array.isArray(config.enabledActions)
    ? config.enabledActions.filter((a): a is YidaPushAction =>
        YIDA_PUSH_ACTIONS.includes(a as YidaPushAction),
      )
    : [...YIDA_PUSH_ACTIONS];
  return {
    clientId: str(config.clientId) ?? '',
    operatorUserId: str(config.operatorUserId) ?? '',
    apps: apps.map((a) => ({
      appType: str(a.appType) ?? '',
      name: str(a.name),
      formUuids: Array.isArray(a.formUuids)
        ? a.formUuids.filter((f): f is string => typeof f === 'string')
        : [],
      systemTokenSet: Boolean(secrets[`systemToken.${str(a.appType) ?? ''}`] ?? secrets.systemToken),
    })),
    enabledActions: actions,
    signatureWindowSeconds:
      typeof config.signatureWindowSeconds === 'number' ? config.signatureWindowSeconds : 900,
    snapshotSource: config.snapshotSource === 'push' ? 'push' : 'openapi',
    apiBase: str(config.apiBase),
    oapiBase: str(config.oapiBase),
    yidaOrigin: str(config.yidaOrigin),
    pcLinkTemplate: str(config.pcLinkTemplate),
    mobileLinkTemplate: str(config.mobileLinkTemplate),
  };
}

/**
 * Opens a connector's sealed secrets (bound to its id as AES-GCM associated data). `unsafe`: the result holds
 * secret values; callers keep it on the server.
 */
export function unsafeOpenConnectorSecrets(row: Pick<Connector, 'id' | 'secrets'>): Record<string, string> {
  return row.secrets ? openSecrets(row.secrets, getSecretsKey(), row.id) : {};
}

/** The safe view of a row: secret values are reduced to booleans here and nowhere else. */
export function toConnectorDetail(row: Connector): ConnectorDetail {
  let secrets: Record<string, string> = {};
  let secretsUnreadable = false;
  try {
    secrets = unsafeOpenConnectorSecrets(row);
  } catch {
    secretsUnreadable = true;
  }
  const secretsSet = Object.fromEntries(SECRET_FIELDS.map((f) => [f, Boolean(secrets[f])])) as Record<
    SecretField,
    boolean
  >;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    corpId: row.corpId,
    enabled: row.enabled,
    settings: row.kind === 'dingtalk' ? readDingTalkSettings(row.config) : null,
    yida: row.kind === 'yida' ? readYidaSettings(row.config, secrets) : null,
    pushPaths:
      row.kind === 'yida'
        ? (Object.fromEntries(
            YIDA_PUSH_ACTIONS.map((a) => [a, `/api/callbacks/yida/${row.id}/${a}`]),
          ) as Record<YidaPushAction, string>)
        : null,
    secretsSet,
    secretsUnreadable,
    health: row.health,
    callbackPath: row.kind === 'yida' ? `/api/callbacks/yida/${row.id}` : `/api/callbacks/dingtalk/${row.id}`,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
