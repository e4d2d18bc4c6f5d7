import type { Connector } from '@/db/schema';
import { buildConnectorDetail, type ConnectorDetailBase } from '../detail-base';
import { YIDA_PUSH_ACTIONS, type YidaPushAction } from './config';

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
  /** An admin's renames of form components over Yida's form definition. */
  fieldLabels: Record<string, string>;
  timeZone: string | null;
};

/** The Yida part of a connector's admin view. */
export type YidaConnectorView = {
  yida: YidaConnectorSettings;
  /** The five push paths to paste into Yida's integration center (the page prefixes APP_URL). */
  pushPaths: Record<YidaPushAction, string>;
  secretsSet: { clientSecret: boolean };
  callbackPath: string;
};

export type YidaConnectorDetail = ConnectorDetailBase<'yida'> & YidaConnectorView;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

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
    fieldLabels:
      config.fieldLabels && typeof config.fieldLabels === 'object'
        ? Object.fromEntries(
            Object.entries(config.fieldLabels as Record<string, unknown>).filter(
              (e): e is [string, string] => typeof e[1] === 'string',
            ),
          )
        : {},
    timeZone: str(config.timeZone),
  };
}

export function yidaConnectorView(row: Connector, secrets: Record<string, string>): YidaConnectorView {
  return {
    yida: readYidaSettings(row.config, secrets),
    pushPaths: Object.fromEntries(
      YIDA_PUSH_ACTIONS.map((a) => [a, `/api/callbacks/yida/${row.id}/${a}`]),
    ) as Record<YidaPushAction, string>,
    secretsSet: { clientSecret: Boolean(secrets.clientSecret) },
    callbackPath: `/api/callbacks/yida/${row.id}`,
  };
}

export function toYidaConnectorDetail(row: Connector): YidaConnectorDetail {
  return buildConnectorDetail(row, 'yida', yidaConnectorView);
}
