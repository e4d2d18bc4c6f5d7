import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { identities } from '@/db/schema';
import { AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { listDingTalkInstanceIds } from './list-instance-ids';
import { callApi, callOapi } from './open-api';

/**
 * The DingTalk calls local workflows make: start an approval instance (§5.2), mirror a task as a
 * 待办 (§9), send a work notice, and the connect platform (yida-connect-api.md §5). All go through callApi /
 * callOapi: token cache, per-API QPS throttle, and AdapterError (retryable for throttling and 5xx).
 */

/** `departments`: the DingTalk dept ids the directory knows for them (several when they belong to several). */
export type DingTalkAccount = { userId: string; unionId: string | null; departments: string[] };

/** A Huiban user's account on a DingTalk connector (its identity), or null when they have none. */
export async function dingtalkAccountOf(
  db: DbOrTx,
  connectorId: string,
  huibanUserId: string,
): Promise<DingTalkAccount | null> {
  const [row] = await db
    .select({
      userId: identities.externalUserId,
      unionId: identities.unionId,
      departments: identities.departments,
    })
    .from(identities)
    .where(and(eq(identities.connectorId, connectorId), eq(identities.userId, huibanUserId)))
    .limit(1);
  return row ?? null;
}

/**
 * §5.2: starts an instance of a template; the template's own flow decides the approvers. `deptId` is the
 * originator's department (it picks their manager chain); -1 = the root, when the directory knows none.
 */
export async function startDingTalkInstance(
  s: DingTalkSettings,
  input: {
    processCode: string;
    originatorUserId: string;
    deptId: number;
    formComponentValues: { name: string; value: string }[];
  },
): Promise<string> {
  const body = await callApi<{ instanceId?: string }>(s, '/v1.0/workflow/processInstances', {
    body: {
      processCode: input.processCode,
      originatorUserId: input.originatorUserId,
      deptId: input.deptId,
      formComponentValues: input.formComponentValues,
      ...(s.agentId ? { microappAgentId: s.agentId } : {}),
    },
  });
  if (!body.instanceId)
    throw new AdapterError('DingTalk start answered without instanceId', { retryable: true });
  return body.instanceId;
}

/** §7.1: a member's unionId (for the storage APIs), or null when DingTalk does not know them. */
export async function unionIdOf(s: DingTalkSettings, userId: string): Promise<string | null> {
  const body = await callOapi<{ result?: { unionid?: string } }>(s, '/topapi/v2/user/get', {
    userid: userId,
    language: 'zh_CN',
  });
  return body.result?.unionid || null;
}

/** Department names for ids (§7.2 `department/get`, exempt from the monthly quota); an unknown one keeps its id. */
export async function departmentNames(s: DingTalkSettings, deptIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of deptIds) {
    const body = await callOapi<{ result?: { name?: string } }>(s, '/topapi/v2/department/get', {
      dept_id: Number(id),
      language: 'zh_CN',
    }).catch(() => null);
    names.set(id, body?.result?.name || id);
  }
  return names;
}

export type TodoInput = {
  sourceId: string;
  subject: string;
  description?: string;
  dueTime?: number;
  detailUrl: { appUrl: string; pcUrl: string };
};

/**
 * §9.1: a 待办 for one person (creator and executor), unique by `sourceId`. Idempotent: when DingTalk says
 * the source id exists (a retry after a lost answer), the existing todo is looked up and returned.
 */
export async function createTodo(s: DingTalkSettings, unionId: string, input: TodoInput): Promise<string> {
  const path = `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks`;
  try {
    const todo = await callApi<{ id: string }>(s, path, {
      query: { operatorId: unionId },
      body: {
        sourceId: input.sourceId,
        subject: input.subject.slice(0, 1024),
        description: input.description?.slice(0, 4096),
        creatorId: unionId,
        executorIds: [unionId],
        dueTime: input.dueTime,
        detailUrl: input.detailUrl,
        isOnlyShowExecutor: true,
        priority: 20,
      },
    });
    return todo.id;
  } catch (error) {
    if (!(error instanceof AdapterError) || error.sourceCode !== 'todo.taskCreate.paramError') throw error;
    const existing = await callApi<{ id: string }>(
      s,
      `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks/sources/${encodeURIComponent(input.sourceId)}`,
      { method: 'GET' },
    ).catch(() => null);
    if (existing?.id) return existing.id;
    throw error;
  }
}

/** §9.2: marks a 待办 done (idempotent at DingTalk: done twice is still done). */
export async function completeTodo(s: DingTalkSettings, unionId: string, todoId: string): Promise<void> {
  await callApi(s, `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks/${encodeURIComponent(todoId)}`, {
    method: 'PUT',
    query: { operatorId: unionId },
    body: { done: true },
  });
}

// Connect platform (连接平台), yida-connect-api.md §5.2.

export type ConnectConnector = { id: string; name: string; description?: string; providerCorpId?: string };
export type ConnectAction = {
  id: string;
  connectorId: string;
  name: string;
  description?: string;
  providerCorpId?: string;
  connectAssetUri: string;
  authorized?: boolean;
  authorityUrl?: string;
};

export async function searchConnectors(
  s: DingTalkSettings,
  type: 'self_built' | 'third_party' | 'official' = 'self_built',
): Promise<ConnectConnector[]> {
  const all: ConnectConnector[] = [];
  let nextToken = '0';
  for (let page = 0; page < 20; page++) {
    const body = await callApi<{ list?: ConnectConnector[]; hasMore?: boolean; nextToken?: string }>(
      s,
      '/v1.0/connector/assets/connectors',
      { method: 'GET', query: { type, nextToken, maxResults: '50' } },
    );
    all.push(...(body.list ?? []));
    if (!body.hasMore || !body.nextToken || body.nextToken === nextToken) break;
    nextToken = body.nextToken;
  }
  return all;
}

export async function searchActions(
  s: DingTalkSettings,
  input: { connectorId: string; providerCorpId: string },
): Promise<ConnectAction[]> {
  const all: ConnectAction[] = [];
  let nextToken = '0';
  for (let page = 0; page < 20; page++) {
    const body = await callApi<{ list?: ConnectAction[]; hasMore?: boolean; nextToken?: string }>(
      s,
      '/v1.0/connector/assets/actions/search',
      {
        body: {
          connectorId: input.connectorId,
          connectorProviderCorpId: input.providerCorpId,
          integrationTypes: ['basic'],
          nextToken,
          maxResults: 50,
        },
      },
    );
    all.push(...(body.list ?? []));
    if (!body.hasMore || !body.nextToken || body.nextToken === nextToken) break;
    nextToken = body.nextToken;
  }
  return all;
}

export type ConnectActionDetail = {
  connectAssetUri: string;
  name: string;
  /** The input JSON Schema, parsed from DingTalk's text. */
  inputSchema: unknown;
  outputSchema: unknown;
};

export async function getActionDetail(
  s: DingTalkSettings,
  connectAssetUri: string,
): Promise<ConnectActionDetail> {
  const body = await callApi<{
    connectAssetUri: string;
    name: string;
    inputSchema?: string;
    outputSchema?: string;
  }>(s, '/v1.0/connector/assets/actions/details/query', { body: { connectAssetUri } });
  return {
    connectAssetUri: body.connectAssetUri,
    name: body.name,
    inputSchema: parseSchema(body.inputSchema),
    outputSchema: parseSchema(body.outputSchema),
  };
}

/** `dca://{providerCorpId}.connect.dingtalk.com/{providerCorpId}/action/{actionId}` (§5.2). */
export function connectAssetUriOf(providerCorpId: string, actionId: string): string {
  return `dca://${providerCorpId}.connect.dingtalk.com/${providerCorpId}/action/${actionId}`;
}

/**
 * Creates (idempotently: same instanceKey, same instance) an invocable instance of an action and invokes it.
 * A business failure (`errorCode` ≠ "0") is not retryable.
 */
export async function invokeConnectAction(
  s: DingTalkSettings,
  input: { connectAssetUri: string; instanceKey: string; input: Record<string, unknown> },
): Promise<{ output: unknown; invocationId: string | null }> {
  await callApi(s, '/v1.0/connector/instances', {
    body: { connectAssetUri: input.connectAssetUri, instanceKey: input.instanceKey },
  });
  const body = await callApi<{
    outputJson?: string;
    instanceId?: string;
    errorCode?: string;
    errorMessage?: string;
  }>(s, '/v1.0/connector/instances/invoke', {
    body: {
      connectAssetUri: input.connectAssetUri,
      instanceKey: input.instanceKey,
      inputJsonString: JSON.stringify(input.input),
    },
  });
  if (body.errorCode && body.errorCode !== '0')
    throw new AdapterError(`connect action failed: ${body.errorCode} ${body.errorMessage ?? ''}`.trim(), {
      retryable: false,
      sourceCode: body.errorCode,
    });
  return { output: parseSchema(body.outputJson), invocationId: body.instanceId ?? null };
}

function parseSchema(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * After a crash between "start instance" and recording its id, the retry first looks for the instance the
 * lost call may have created (§5.8 ids by template since the first attempt, then §5.1 details): same
 * originator, same component values, and not already linked (`isTaken`). Returns its id, or null.
 */
export async function findStartedInstance(
  s: DingTalkSettings,
  input: {
    processCode: string;
    originatorUserId: string;
    formComponentValues: { name: string; value: string }[];
    since: Date;
    isTaken: (instanceId: string) => Promise<boolean>;
  },
): Promise<string | null> {
  const ids = await listDingTalkInstanceIds(s, {
    processCode: input.processCode,
    since: new Date(input.since.getTime() - 60_000),
    until: new Date(Date.now() + 60_000),
    limit: 100,
  });
  for (const id of ids) {
    const body = await callApi<{
      result?: { originatorUserId?: string; formComponentValues?: { name?: string; value?: string }[] };
    }>(s, '/v1.0/workflow/processInstances', { method: 'GET', query: { processInstanceId: id } });
    const r = body.result;
    if (r?.originatorUserId !== input.originatorUserId) continue;
    const values = new Map((r.formComponentValues ?? []).map((v) => [v.name, v.value]));
    if (!input.formComponentValues.every((v) => values.get(v.name) === v.value)) continue;
    if (!(await input.isTaken(id))) return id;
  }
  return null;
}
