import type { Connector } from '@/db/schema';
import { buildConnectorDetail, type ConnectorDetailBase } from '../detail-base';
import { SECRET_FIELDS, type SecretField } from './admin-input';

/** Non-secret DingTalk settings as the admin form edits them. */
export type DingTalkConnectorSettings = {
  clientId: string;
  deliveryMode: 'stream' | 'http';
  processCodes: string[];
  apiBase: string | null;
  oapiBase: string | null;
  pcLinkTemplate: string | null;
  mobileLinkTemplate: string | null;
  /** OA高级版: 加签 / 退回 through DingTalk's premium APIs. */
  oaPremium: boolean;
};

/** The DingTalk part of a connector's admin view. */
export type DingTalkConnectorView = {
  settings: DingTalkConnectorSettings;
  secretsSet: Record<SecretField, boolean>;
  /** Path of the HTTP callback DingTalk posts to; the page prefixes APP_URL. */
  callbackPath: string;
};

export type DingTalkConnectorDetail = ConnectorDetailBase<'dingtalk'> & DingTalkConnectorView;

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
    oaPremium: config.oaPremium === true,
  };
}

export function dingtalkConnectorView(
  row: Connector,
  secrets: Record<string, string>,
): DingTalkConnectorView {
  return {
    settings: readDingTalkSettings(row.config),
    secretsSet: Object.fromEntries(SECRET_FIELDS.map((f) => [f, Boolean(secrets[f])])) as Record<
      SecretField,
      boolean
    >,
    callbackPath: `/api/callbacks/dingtalk/${row.id}`,
  };
}

export function toDingTalkConnectorDetail(row: Connector): DingTalkConnectorDetail {
  return buildConnectorDetail(row, 'dingtalk', dingtalkConnectorView);
}
