import { NewApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { Org } from '../model/types';
import { str } from './workflow';

/**
 * The DingTalk connect platform (连接平台, yida-connect-api.md §5.2): SearchConnectors, SearchActions,
 * GetActionDetail, CreateInvocableInstance and InvokeInstance. Every org has one self-built connector (a
 * finance system) with two actions: 创建报销凭证 (authorized) and 同步人事档案 (not authorized: 4003 on invoke).
 * Errors as the demo README lists them, carried as HTTP 400 with `code` 4001 (参数错误), 4003 (调用发起未授权),
 * 4004 (连接资产不存在/调用的实例不存在) — the carrier is UNCONFIRMED in the reference, so clients must treat any
 * non-2xx as a failure.
 */

export type ConnectActionDef = {
  id: string;
  connectorId: string;
  name: string;
  description: string;
  authorized: boolean;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
};

export type ConnectInvocation = {
  invocationId: string;
  corpId: string;
  connectAssetUri: string;
  instanceKey: string;
  input: Record<string, unknown>;
  at: number;
};

const CONNECTOR_ID = 'G-CONN-SANDBOX-FINANCE';

function actionsFor(): ConnectActionDef[] {
  return [
    {
      id: 'G-ACT-CREATE-VOUCHER',
      connectorId: CONNECTOR_ID,
      name: '创建报销凭证',
      description: '在财务系统中为一笔报销生成记账凭证',
      authorized: true,
      inputSchema: {
        type: 'object',
        required: ['title', 'amount'],
        properties: {
          title: { type: 'string', title: '凭证摘要', maxLength: 100 },
          amount: { type: 'number', title: '金额（元）', minimum: 0 },
          costCenter: { type: 'string', title: '成本中心', enum: ['研发', '销售', '行政'] },
          reference: { type: 'string', title: '关联单号' },
        },
      },
      outputSchema: {
        type: 'object',
        properties: { voucherNo: { type: 'string', title: '凭证号' } },
      },
    },
    {
      id: 'G-ACT-SYNC-HR',
      connectorId: CONNECTOR_ID,
      name: '同步人事档案',
      description: '把员工档案同步到人事系统（需管理员授权）',
      authorized: false,
      inputSchema: {
        type: 'object',
        required: ['employeeId'],
        properties: { employeeId: { type: 'string', title: '员工编号' } },
      },
      outputSchema: { type: 'object', properties: {} },
    },
  ];
}

export class ConnectPlatform {
  readonly invocations: ConnectInvocation[] = [];
  /** Invocable instances by `connectAssetUri|instanceKey`. */
  private readonly instances = new Map<string, { versionId: string }>();
  private seq = 0;
  /** Failures to inject (tests): the next N invokes answer HTTP 500 systemError. */
  failNextInvokes = 0;

  constructor(private readonly state: SandboxState) {}

  uriOf(org: Org, actionId: string): string {
    return `dca://${org.corpId}.connect.dingtalk.com/${org.corpId}/action/${actionId}`;
  }

  private actionByUri(org: Org, uri: string): ConnectActionDef {
    const action = actionsFor().find((a) => this.uriOf(org, a.id) === uri);
    if (!action) throw new NewApiError(400, '4004', '连接资产不存在');
    return action;
  }

  routes(): RouteDef[] {
    const orgOf = (ctx: RequestContext): Org => {
      if (!ctx.org) throw new NewApiError(400, 'InvalidAuthentication', '不合法的access_token');
      return ctx.org;
    };
    const page = <T>(list: T[], ctx: RequestContext, fromBody: boolean) => {
      const raw = fromBody ? ctx.body.nextToken : ctx.query.get('nextToken');
      const max = Number((fromBody ? ctx.body.maxResults : ctx.query.get('maxResults')) ?? 20);
      const start = Number(raw ?? 0);
      if (!Number.isInteger(start) || start < 0 || !Number.isInteger(max) || max < 1 || max > 100)
        throw new NewApiError(400, '4001', '参数错误: nextToken/maxResults');
      const items = list.slice(start, start + max);
      const hasMore = start + max < list.length;
      return { hasMore, nextToken: hasMore ? String(start + max) : '', totalCount: list.length, list: items };
    };
    return [
      {
        method: 'GET',
        path: '/v1.0/connector/assets/connectors',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const org = orgOf(ctx);
          const type = ctx.query.get('type');
          if (!type || !['self_built', 'third_party', 'official'].includes(type))
            throw new NewApiError(400, '4001', '参数错误: type');
          const list =
            type === 'self_built'
              ? [
                  {
                    id: CONNECTOR_ID,
                    name: '财务系统',
                    description: '企业自建的财务系统连接器',
                    icon: '',
                    providerCorpId: org.corpId,
                  },
                ]
              : [];
          return { json: page(list, ctx, false) };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/connector/assets/actions/search',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const org = orgOf(ctx);
          const connectorId = str(ctx.body.connectorId);
          const provider = str(ctx.body.connectorProviderCorpId);
          if (!connectorId || !provider)
            throw new NewApiError(400, '4001', '参数错误: connectorId/connectorProviderCorpId');
          if (connectorId !== CONNECTOR_ID || provider !== org.corpId)
            throw new NewApiError(400, '4004', '连接资产不存在');
          const list = actionsFor().map((a) => ({
            id: a.id,
            connectorId: a.connectorId,
            name: a.name,
            description: a.description,
            icon: '',
            providerCorpId: org.corpId,
            integrationType: 'basic',
            connectAssetUri: this.uriOf(org, a.id),
            authorized: a.authorized,
            ...(a.authorized
              ? {}
              : {
                  authorityUrl: `dingtalk://dingtalkclient/page/link?pc_slide=true&url=${encodeURIComponent(
                    `https://n.dingtalk.com/dingding/h5-common-authority/connector/index.html?corpId=${org.corpId}`,
                  )}`,
                }),
          }));
          return { json: page(list, ctx, true) };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/connector/assets/actions/details/query',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const org = orgOf(ctx);
          const uri = str(ctx.body.connectAssetUri);
          if (!uri) throw new NewApiError(400, '4001', '参数错误: connectAssetUri');
          const a = this.actionByUri(org, uri);
          return {
            json: {
              connectAssetUri: uri,
              name: a.name,
              // JSON Schema as text, as DingTalk sends it.
              inputSchema: JSON.stringify(a.inputSchema),
              outputSchema: JSON.stringify(a.outputSchema),
              refId: a.id,
              refType: 'action',
              refProviderCorpId: org.corpId,
              integrationConfig: { entityName: a.name, categoryNames: [{ value: '财务' }], props: [] },
            },
          };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/connector/instances',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const org = orgOf(ctx);
          const uri = str(ctx.body.connectAssetUri);
          const instanceKey = str(ctx.body.instanceKey);
          if (!uri || !instanceKey)
            throw new NewApiError(400, '4001', '参数错误: connectAssetUri/instanceKey');
          this.actionByUri(org, uri);
          const key = `${uri}|${instanceKey}`;
          let instance = this.instances.get(key);
          if (!instance) {
            instance = { versionId: `G-ACT-VER-${++this.seq}` };
            this.instances.set(key, instance);
          }
          return { json: { connectAssetUri: uri, versionId: instance.versionId } };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/connector/instances/invoke',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const org = orgOf(ctx);
          const uri = str(ctx.body.connectAssetUri);
          const instanceKey = str(ctx.body.instanceKey);
          const inputText = ctx.body.inputJsonString;
          if (!uri || !instanceKey || typeof inputText !== 'string')
            throw new NewApiError(400, '4001', '参数错误: connectAssetUri/instanceKey/inputJsonString');
          const action = this.actionByUri(org, uri);
          if (!this.instances.has(`${uri}|${instanceKey}`))
            throw new NewApiError(400, '4004', '调用的实例不存在');
          if (!action.authorized) throw new NewApiError(400, '4003', '调用发起未授权');
          if (this.failNextInvokes > 0) {
            this.failNextInvokes -= 1;
            throw new NewApiError(500, 'systemError', '系统错误');
          }
          let input: Record<string, unknown>;
          try {
            input = JSON.parse(inputText) as Record<string, unknown>;
          } catch {
            throw new NewApiError(400, '4001', '参数错误: inputJsonString 不是 JSON');
          }
          const problem = checkInput(action.inputSchema, input);
          if (problem) throw new NewApiError(400, '4001', `参数错误: ${problem}`);
          const invocationId = `G-INV-${++this.seq}`;
          this.invocations.push({
            invocationId,
            corpId: org.corpId,
            connectAssetUri: uri,
            instanceKey,
            input,
            at: this.state.now(),
          });
          return {
            json: {
              outputJson: JSON.stringify({ voucherNo: `V${String(this.seq).padStart(6, '0')}` }),
              instanceId: invocationId,
              cost: 12,
              errorCode: '0',
              errorMessage: '',
            },
          };
        },
      },
    ];
  }
}

/** A small JSON-Schema check (object, required, string/number/boolean types, enum, minimum, maxLength). */
function checkInput(schema: Record<string, unknown>, input: unknown): string | null {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return 'input 须为对象';
  const value = input as Record<string, unknown>;
  for (const key of (schema.required as string[] | undefined) ?? [])
    if (value[key] === undefined || value[key] === null || value[key] === '') return `缺少 ${key}`;
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [key, v] of Object.entries(value)) {
    const p = props[key];
    if (!p) return `未知字段 ${key}`;
    if (v === undefined || v === null) continue;
    if (p.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) return `${key} 须为数字`;
    if (p.type === 'string' && typeof v !== 'string') return `${key} 须为字符串`;
    if (p.type === 'boolean' && typeof v !== 'boolean') return `${key} 须为布尔值`;
    if (Array.isArray(p.enum) && !p.enum.includes(v)) return `${key} 不在可选值中`;
    if (typeof p.minimum === 'number' && typeof v === 'number' && v < p.minimum) return `${key} 过小`;
    if (typeof p.maxLength === 'number' && typeof v === 'string' && v.length > p.maxLength)
      return `${key} 过长`;
  }
  return null;
}
