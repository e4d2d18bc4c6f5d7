import { NewApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { ConnectTrigger, ConnectTriggerData, Org } from '../model/types';
import { str } from './workflow';

/**
 * DingTalk connect platform (连接平台) trigger events, yida-connect-api.md §5.3: an integrator defines trigger
 * events (`POST|PUT /v1.0/connector/triggers`) and pushes data into them (`POST /v1.0/connector/triggers/data/sync`),
 * which the platform fans out to the org's connection flows. The sandbox records every pushed item (read back
 * with `GET /__control/connect-triggers/data`). How 4001/4003/4004 are carried is UNCONFIRMED (§8.9): a bad
 * request as a whole is HTTP 400 with that code; a bad item is `success: false` with `subErrCode` in the list.
 */

/** Items per sync call accepted by the sandbox (the platform's real limit is not documented). */
const MAX_ITEMS = 100;
const ACTIONS = new Set(['add', 'update', 'delete']);

export function defineConnectTrigger(
  state: SandboxState,
  org: Org,
  input: {
    integratorTriggerId: string;
    name: string;
    description?: string;
    inputSchema?: string;
    dingConnectorId?: string | null;
  },
): ConnectTrigger {
  const existing = [...state.connectTriggers.values()].find(
    (t) => t.corpId === org.corpId && t.integratorTriggerId === input.integratorTriggerId,
  );
  const trigger: ConnectTrigger = {
    dingTriggerId:
      existing?.dingTriggerId ?? `G-TRIGGER-${String(state.connectTriggers.size + 1).padStart(6, '0')}`,
    integratorTriggerId: input.integratorTriggerId,
    corpId: org.corpId,
    name: input.name,
    description: input.description ?? '',
    inputSchema: input.inputSchema ?? '{}',
    dingConnectorId: input.dingConnectorId ?? null,
  };
  state.connectTriggers.set(trigger.dingTriggerId, trigger);
  return trigger;
}

function upsertTriggers(state: SandboxState, ctx: RequestContext) {
  const org = ctx.org as Org;
  const list = Array.isArray(ctx.body.triggerInfo) ? ctx.body.triggerInfo : null;
  if (!list || list.length === 0) throw new NewApiError(400, '4001', 'triggerInfo is required');
  const item = list.map((raw) => {
    const t = (raw ?? {}) as Record<string, unknown>;
    const integratorTriggerId = str(t.integratorTriggerId);
    const missing = ['integratorTriggerId', 'name', 'description', 'inputSchema'].find((k) => !str(t[k]));
    if (missing) {
      return {
        dingTriggerId: null,
        integratorTriggerId,
        success: false,
        subErrCode: '4001',
        subErrMsg: `${missing} is required`,
      };
    }
    const trigger = defineConnectTrigger(state, org, {
      integratorTriggerId,
      name: str(t.name),
      description: str(t.description),
      inputSchema: str(t.inputSchema),
      dingConnectorId: str(t.dingConnectorId) || null,
    });
    return {
      dingTriggerId: trigger.dingTriggerId,
      integratorTriggerId,
      success: true,
      subErrCode: null,
      subErrMsg: null,
    };
  });
  return { json: { item } };
}

function syncData(state: SandboxState, ctx: RequestContext) {
  const org = ctx.org as Org;
  const app = ctx.app;
  if (!app) throw new NewApiError(401, 'InvalidAuthentication', '不合法的access_token');
  const appId = str(ctx.body.appId);
  if (!appId) throw new NewApiError(400, '4001', 'appId is required');
  // Self-built apps pass their agentId (§5.3).
  if (appId !== String(app.agentId)) throw new NewApiError(400, '4003', `appId ${appId} 调用发起未授权`);
  const list = Array.isArray(ctx.body.triggerDataList) ? ctx.body.triggerDataList : null;
  if (!list || list.length === 0) throw new NewApiError(400, '4001', 'triggerDataList is required');
  if (list.length > MAX_ITEMS) throw new NewApiError(400, '4001', `triggerDataList over ${MAX_ITEMS}`);
  const answers = list.map((raw) => {
    const d = (raw ?? {}) as Record<string, unknown>;
    const triggerId = str(d.triggerId);
    const jsonData = typeof d.jsonData === 'string' ? d.jsonData : '';
    let data: unknown = null;
    try {
      data = jsonData ? JSON.parse(jsonData) : null;
    } catch {
      data = null;
    }
    const action = str(d.action) || 'add';
    const trigger = state.connectTriggers.get(triggerId);
    const refusal: [string, string] | null = !triggerId
      ? ['4001', 'triggerId is required']
      : !trigger || trigger.corpId !== org.corpId
        ? ['4004', '连接资产不存在']
        : data === null
          ? ['4001', 'jsonData must be a JSON string']
          : !ACTIONS.has(action)
            ? ['4001', `unknown action ${action}`]
            : null;
    const customTriggerId = str(d.customTriggerId) || null;
    const record: ConnectTriggerData = {
      at: state.now(),
      corpId: org.corpId,
      clientId: app.clientId,
      appId,
      triggerId,
      customTriggerId,
      action,
      jsonData,
      data,
      dataGmtCreate: typeof d.dataGmtCreate === 'number' ? d.dataGmtCreate : null,
      dataGmtModified: typeof d.dataGmtModified === 'number' ? d.dataGmtModified : null,
      integrationObject: str(d.integrationObject) || null,
      triggerCondition: str(d.triggerCondition) || null,
      success: refusal === null,
      subErrCode: refusal?.[0] ?? null,
      subErrMsg: refusal?.[1] ?? null,
    };
    state.connectTriggerData.push(record);
    return {
      triggerId,
      bizPrimaryKey: customTriggerId ?? `${triggerId}-${state.connectTriggerData.length}`,
      success: record.success,
      subErrCode: record.subErrCode,
      subErrMsg: record.subErrMsg,
    };
  });
  return { json: { list: answers } };
}

export function connectTriggerRoutes(state: SandboxState): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/v1.0/connector/triggers',
      family: 'new',
      auth: 'app',
      handler: (ctx) => upsertTriggers(state, ctx),
    },
    {
      method: 'PUT',
      path: '/v1.0/connector/triggers',
      family: 'new',
      auth: 'app',
      handler: (ctx) => upsertTriggers(state, ctx),
    },
    {
      method: 'POST',
      path: '/v1.0/connector/triggers/data/sync',
      family: 'new',
      auth: 'app',
      handler: (ctx) => syncData(state, ctx),
    },
  ];
}

/** Received trigger data, oldest first, optionally for one trigger. */
export function listConnectTriggerData(
  state: SandboxState,
  filter: { triggerId?: string } = {},
): ConnectTriggerData[] {
  return state.connectTriggerData
    .filter((d) => !filter.triggerId || d.triggerId === filter.triggerId)
    .map((d) => structuredClone(d));
}

/** `/__control/connect-triggers`: define a trigger (as the integrator would) and read received data back. */
export function connectTriggerControlRoutes(state: SandboxState): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/__control/connect-triggers',
      family: 'raw',
      handler: () => ({ json: [...state.connectTriggers.values()] }),
    },
    {
      method: 'POST',
      path: '/__control/connect-triggers',
      family: 'raw',
      handler: (ctx) => {
        const b = ctx.body;
        const trigger = defineConnectTrigger(state, state.orgOrDefault(str(b.corpId) || undefined), {
          integratorTriggerId: str(b.integratorTriggerId) || `huiban-${state.connectTriggers.size + 1}`,
          name: str(b.name) || '汇办任务事件',
          description: str(b.description),
          inputSchema: str(b.inputSchema) || undefined,
        });
        return { status: 201, json: trigger };
      },
    },
    {
      method: 'GET',
      path: '/__control/connect-triggers/data',
      family: 'raw',
      handler: (ctx) => ({
        json: listConnectTriggerData(state, { triggerId: ctx.query.get('triggerId') ?? undefined }),
      }),
    },
  ];
}
