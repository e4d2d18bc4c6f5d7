import type { Db } from '@/db/client';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { AdapterError } from '../types';
import { dingtalkSettings } from './config';
import {
  type ConnectAction,
  type ConnectActionDetail,
  connectAssetUriOf,
  getActionDetail,
  searchActions,
  searchConnectors,
} from './workflow-bridge';

/** One action as the designer's picker lists it, with its input JSON Schema (null when DingTalk gave none). */
export type ConnectActionItem = {
  integrationConnectorId: string;
  connectorName: string;
  actionId: string;
  name: string;
  description?: string;
  authorized?: boolean;
  authorityUrl?: string;
  inputSchema: unknown;
};

export type ConnectCatalog = {
  /** Every action of every listed connector, flat, each with its input schema. */
  items: ConnectActionItem[];
  connectors: {
    id: string;
    name: string;
    description: string | null;
    actions: Pick<ConnectAction, 'id' | 'name' | 'description' | 'authorized' | 'authorityUrl'>[];
  }[];
};

/**
 * For the workflow designer (admins only): the self-built connect-platform connectors of a DingTalk
 * connector's org with their actions, or — given an action — its input JSON Schema to render a form from.
 */
export async function listConnectActionsAsAdmin(
  db: Db,
  viewer: Viewer,
  input: { connectorId: string; integrationConnectorId?: string; actionId?: string },
): Promise<ConnectCatalog | { action: ConnectActionDetail & { id: string } }> {
  assertAdmin(viewer);
  const connector = await unsafeLoadConnectorRuntime(db, input.connectorId);
  if (connector?.kind !== 'dingtalk') throw new AppError('not_found', '钉钉连接器不存在');
  const s = dingtalkSettings(connector);
  try {
    if (input.actionId) {
      const detail = await getActionDetail(s, connectAssetUriOf(connector.corpId ?? '', input.actionId));
      return { action: { id: input.actionId, ...detail } };
    }
    const found = await searchConnectors(s, 'self_built');
    const list = input.integrationConnectorId
      ? found.filter((c) => c.id === input.integrationConnectorId)
      : found;
    const connectors: ConnectCatalog['connectors'] = [];
    const items: ConnectActionItem[] = [];
    for (const c of list) {
      const actions = await searchActions(s, {
        connectorId: c.id,
        providerCorpId: c.providerCorpId ?? connector.corpId ?? '',
      });
      for (const a of actions) {
        const detail = await getActionDetail(s, a.connectAssetUri);
        items.push({
          integrationConnectorId: c.id,
          connectorName: c.name,
          actionId: a.id,
          name: a.name,
          description: a.description,
          authorized: a.authorized,
          authorityUrl: a.authorityUrl,
          inputSchema: detail.inputSchema,
        });
      }
      connectors.push({
        id: c.id,
        name: c.name,
        description: c.description ?? null,
        actions: actions.map((a) => ({
          id: a.id,
          name: a.name,
          description: a.description,
          authorized: a.authorized,
          authorityUrl: a.authorityUrl,
        })),
      });
    }
    return { items, connectors };
  } catch (error) {
    if (error instanceof AdapterError) {
      if (error.sourceCode === '4004') throw new AppError('not_found', '连接资产不存在');
      throw new AppError('upstream_failed', `钉钉连接平台调用失败（${error.sourceCode ?? '网络'}）`);
    }
    throw error;
  }
}
