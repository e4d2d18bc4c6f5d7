import { createHmac } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type LocalEffect, localDingtalkLinks, localEffects, processInstances } from '@/db/schema';
import { getSecretsKey } from '@/lib/crypto/secrets';
import { rawEnv } from '@/lib/env';
import type { Logger } from '@/lib/log';
import { assertOutboundUrl } from '@/lib/security/outbound-url';
import { dingtalkSettings } from '../dingtalk/config';
import {
  completeTodo,
  connectAssetUriOf,
  createTodo,
  dingtalkAccountOf,
  findStartedInstance,
  invokeConnectAction,
  sendWorkNotice,
  startDingTalkInstance,
} from '../dingtalk/workflow-bridge';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { AdapterError } from '../types';
import { applyLocalEvent } from './apply-local-event';
import type { FormField, WorkflowStep } from './definition-schema';
import { onLinkRecorded } from './dingtalk-link-hooks';
import { type EngineEvent, indexSteps } from './engine';
import { type LoadedRun, loadRun } from './load-run';
import type { UploadedFileValue } from './validate-form-values';

export const WEBHOOK_SIGNATURE_HEADER = 'x-huiban-signature';
const WEBHOOK_TIMEOUT_MS = 10_000;

type Outcome = 'done' | 'failed' | 'skipped';
type Ctx = { log: Logger; isFinalAttempt: boolean };

/**
 * Performs one external effect of a local workflow transition (worker job `run-local-effect`).
 *
 * Idempotent: an effect that is `done` or `failed` is skipped; its completion and the engine event it causes
 * (the DingTalk instance started, the automation's result) commit in one transaction, so a crash after the
 * call re-runs the call but never applies its result twice. Calls that DingTalk deduplicates carry a stable
 * key (the 待办's sourceId, the connect instance's instanceKey, the webhook's delivery id).
 *
 * Failure policy: retryable errors (throttling, 5xx, timeouts) throw, so pg-boss retries with backoff; a
 * final failure of a DingTalk-approval or automation step stops the instance as errored with a log entry
 * saying why; a failed 待办 mirror or notice is recorded on the effect and never blocks the flow.
 */
export async function runLocalEffect(db: Db, effectId: string, ctx: Ctx): Promise<Outcome> {
  const [effect] = await db.select().from(localEffects).where(eq(localEffects.id, effectId));
  if (!effect || effect.status === 'done' || effect.status === 'failed') return 'skipped';
  const loaded = await loadRun(db, effect.runId);
  if (!loaded) return 'skipped';
  await db
    .update(localEffects)
    .set({ status: 'calling', attempts: sql`${localEffects.attempts} + 1` })
    .where(and(eq(localEffects.id, effectId), inArray(localEffects.status, ['pending', 'calling'])));
  try {
    const { result, event } = await perform(db, loaded, effect, ctx);
    await db.transaction(async (tx) => {
      const [marked] = await tx
        .update(localEffects)
        .set({ status: 'done', result, lastError: null })
        .where(and(eq(localEffects.id, effectId), eq(localEffects.status, 'calling')))
        .returning({ id: localEffects.id });
      if (!marked) return;
      if (effect.kind === 'startDingTalk' && typeof result.dingtalkInstanceId === 'string') {
        await tx
          .insert(localDingtalkLinks)
          .values({
            runId: effect.runId,
            stepId: String(effect.payload.stepId),
            connectorId: String(result.connectorId),
            processCode: String(result.processCode),
            dingtalkInstanceId: result.dingtalkInstanceId,
          })
          .onConflictDoNothing();
        await onLinkRecorded(tx, {
          connectorId: String(result.connectorId),
          dingtalkInstanceId: result.dingtalkInstanceId,
        });
      }
      if (event) await applyLocalEvent(tx, effect.runId, event);
    });
    return 'done';
  } catch (error) {
    const isRetryable = error instanceof AdapterError ? error.retryable : !(error instanceof EffectError);
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    if (isRetryable && !ctx.isFinalAttempt) {
      await db.update(localEffects).set({ lastError: reason }).where(eq(localEffects.id, effectId));
      throw error;
    }
    ctx.log.warn({ effectId, kind: effect.kind, reason }, 'local workflow effect failed');
    await db.transaction(async (tx) => {
      await tx
        .update(localEffects)
        .set({ status: 'failed', lastError: reason })
        .where(eq(localEffects.id, effectId));
      const stepId = effect.payload.stepId;
      if ((effect.kind === 'startDingTalk' || effect.kind === 'runAutomation') && typeof stepId === 'string')
        await applyLocalEvent(tx, effect.runId, { type: 'stepFailed', stepId, detail: reason });
    });
    return 'failed';
  }
}

/** A configuration problem no retry can fix (missing connector, no DingTalk account). */
class EffectError extends Error {}

async function perform(
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: Ctx,
): Promise<{ result: Record<string, unknown>; event?: EngineEvent }> {
  const steps = indexSteps(loaded.body.steps);
  switch (effect.kind) {
    case 'startDingTalk': {
      const step = steps.get(String(effect.payload.stepId));
      if (step?.kind !== 'dingtalkApproval') throw new EffectError('步骤不存在');
      const s = await dingtalkOf(db, step.connectorId);
      const originator = await dingtalkAccountOf(db, step.connectorId, loaded.originator.userId);
      if (!originator) throw new EffectError(`发起人 ${loaded.originator.name} 没有关联的钉钉账号`);
      const formComponentValues = await mapFields(db, step, loaded);
      // A previous attempt was cut off after the call may have reached DingTalk: adopt what it started.
      const adopted =
        effect.status === 'calling'
          ? await findStartedInstance(s, {
              processCode: step.processCode,
              originatorUserId: originator.userId,
              formComponentValues,
              since: effect.createdAt,
              isTaken: async (id) =>
                (
                  await db
                    .select({ id: localDingtalkLinks.id })
                    .from(localDingtalkLinks)
                    .where(
                      and(
                        eq(localDingtalkLinks.connectorId, step.connectorId),
                        eq(localDingtalkLinks.dingtalkInstanceId, id),
                      ),
                    )
                ).length > 0,
            })
          : null;
      const dingtalkInstanceId =
        adopted ??
        (await startDingTalkInstance(s, {
          processCode: step.processCode,
          originatorUserId: originator.userId,
          formComponentValues,
        }));
      ctx.log.info(
        { runId: loaded.run.id, dingtalkInstanceId },
        'local workflow started a DingTalk instance',
      );
      return {
        result: { dingtalkInstanceId, connectorId: step.connectorId, processCode: step.processCode },
        event: { type: 'dingtalkStarted', stepId: step.id, dingtalkInstanceId },
      };
    }
    case 'runAutomation': {
      const step = steps.get(String(effect.payload.stepId));
      if (step?.kind !== 'automation') throw new EffectError('步骤不存在');
      const detail =
        step.action.type === 'webhook'
          ? await callWebhook(step.action, loaded, step, effect.id)
          : await callConnectAction(db, step.action, loaded, step.id);
      return {
        result: { detail },
        event: { type: 'automationFinished', stepId: step.id, ok: true, detail },
      };
    }
    case 'mirrorTodo': {
      const task = taskOf(loaded, effect);
      const connectorId = loaded.body.options.mirrorTodoConnectorId;
      if (!task || !connectorId) return { result: { skipped: true } };
      const account = await dingtalkAccountOf(db, connectorId, task.userId);
      if (!account?.unionId) throw new EffectError(`${task.name} 没有钉钉 unionId，无法同步待办`);
      const s = await dingtalkOf(db, connectorId);
      const url = await instanceUrl(db, loaded.run.id);
      const todoId = await createTodo(s, account.unionId, {
        // Loop safety: the source id marks the item as Huiban's own; Huiban never ingests 待办 as tasks.
        sourceId: `huiban:local:${loaded.run.id}:${task.id}`,
        subject: `审批：${loaded.originator.name}提交的${loaded.body.definitionName}`,
        dueTime: task.dueAt ? Date.parse(task.dueAt) : undefined,
        detailUrl: { appUrl: url, pcUrl: url },
      });
      return { result: { todoId, unionId: account.unionId, connectorId } };
    }
    case 'completeTodo': {
      const taskId = String(effect.payload.taskId);
      const [mirror] = await db
        .select()
        .from(localEffects)
        .where(and(eq(localEffects.runId, effect.runId), eq(localEffects.key, `todo:${taskId}`)));
      if (!mirror || mirror.status === 'failed') return { result: { skipped: true } };
      // The 待办 is still being created: try again shortly (a retryable error).
      if (mirror.status !== 'done')
        throw new AdapterError('the 待办 is not created yet', { retryable: true });
      const r = mirror.result as { todoId?: string; unionId?: string; connectorId?: string } | null;
      if (!r?.todoId || !r.unionId || !r.connectorId) return { result: { skipped: true } };
      await completeTodo(await dingtalkOf(db, r.connectorId), r.unionId, r.todoId);
      return { result: { todoId: r.todoId } };
    }
    case 'notify': {
      const task = taskOf(loaded, effect);
      const connectorId = loaded.body.options.mirrorTodoConnectorId;
      if (!task || !connectorId) return { result: { skipped: true } };
      const account = await dingtalkAccountOf(db, connectorId, task.userId);
      if (!account) throw new EffectError(`${task.name} 没有关联的钉钉账号，无法发送工作通知`);
      const title = `${task.kind === 'cc' ? '抄送' : '待审批'}：${loaded.originator.name}提交的${loaded.body.definitionName}`;
      const noticeId = await sendWorkNotice(await dingtalkOf(db, connectorId), {
        userId: account.userId,
        title,
        text: title,
        url: await instanceUrl(db, loaded.run.id),
      });
      return { result: { noticeId } };
    }
    default:
      throw new EffectError(`unknown effect ${effect.kind}`);
  }
}

function taskOf(loaded: LoadedRun, effect: LocalEffect) {
  return loaded.state.tasks.find((t) => t.id === effect.payload.taskId);
}

/** The deep link back into Huiban (待办 detailUrl, notices): the instance page of the run. */
async function instanceUrl(db: Db, runId: string): Promise<string> {
  const [row] = await db
    .select({ id: processInstances.id })
    .from(processInstances)
    .where(and(eq(processInstances.source, 'local'), eq(processInstances.externalId, runId)));
  const base = (rawEnv().APP_URL || 'http://localhost:3000').replace(/\/$/, '');
  return `${base}/instances/${row?.id ?? ''}`;
}

async function dingtalkOf(db: Db, connectorId: string) {
  const connector = await unsafeLoadConnectorRuntime(db, connectorId);
  if (connector?.kind !== 'dingtalk') throw new EffectError('钉钉连接器不存在');
  if (!connector.enabled) throw new EffectError('钉钉连接器已停用');
  return dingtalkSettings(connector);
}

/** Form fields → DingTalk component values (§5.2 encodings: every value is a string). */
async function mapFields(
  db: Db,
  step: Extract<WorkflowStep, { kind: 'dingtalkApproval' }>,
  loaded: LoadedRun,
): Promise<{ name: string; value: string }[]> {
  const out: { name: string; value: string }[] = [];
  for (const map of step.fieldMap) {
    const field = loaded.body.form.fields.find((f) => f.key === map.fieldKey);
    const value = loaded.run.values[map.fieldKey];
    if (!field || value === undefined || value === null) continue;
    out.push({ name: map.componentName, value: await encodeValue(db, step.connectorId, field, value) });
  }
  return out;
}

async function encodeValue(db: Db, connectorId: string, field: FormField, value: unknown): Promise<string> {
  switch (field.type) {
    case 'select':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case 'multiSelect':
      return JSON.stringify(
        (value as string[]).map((v) => field.options.find((o) => o.value === v)?.label ?? v),
      );
    case 'dateRange':
      return JSON.stringify(value);
    case 'money':
      return Number(value).toFixed(2);
    case 'user': {
      const ids: string[] = [];
      for (const id of Array.isArray(value) ? value : [value]) {
        const account = await dingtalkAccountOf(db, connectorId, String(id));
        if (account) ids.push(account.userId);
      }
      return JSON.stringify(ids);
    }
    case 'attachments':
      // DingTalk attachments must live in its approval drive (§6): the file names are sent as text.
      return (value as UploadedFileValue[]).map((f) => f.fileName).join('、');
    case 'table':
      return JSON.stringify(
        (value as Record<string, unknown>[]).map((row) =>
          field.columns.map((c) => ({
            name: c.label,
            value: row[c.key] === undefined ? '' : String(row[c.key]),
          })),
        ),
      );
    default:
      return String(value);
  }
}

/** `{{form.key}}` / `{{instance.id}}` / `{{originator.name}}` in action input templates. */
export function fillTemplate(input: unknown, loaded: LoadedRun): unknown {
  if (typeof input === 'string') {
    const whole = /^\{\{\s*form\.([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}$/.exec(input);
    if (whole?.[1]) {
      // A whole `{{form.key}}` keeps the value's type; money and numbers become JSON numbers.
      const value = loaded.run.values[whole[1]] ?? null;
      const field = loaded.body.form.fields.find((f) => f.key === whole[1]);
      return (field?.type === 'money' || field?.type === 'number') && value !== null ? Number(value) : value;
    }
    return input.replace(
      /\{\{\s*(form|instance|originator)\.([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g,
      (_, scope, key) => {
        if (scope === 'form') {
          const v = loaded.run.values[key];
          return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
        }
        if (scope === 'instance') return key === 'id' ? loaded.run.id : '';
        return key === 'name' ? loaded.originator.name : key === 'id' ? loaded.originator.userId : '';
      },
    );
  }
  if (Array.isArray(input)) return input.map((v) => fillTemplate(v, loaded));
  if (input && typeof input === 'object')
    return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, fillTemplate(v, loaded)]));
  return input;
}

/** The HMAC key of outbound webhooks: WORKFLOW_WEBHOOK_SECRET (share it with receivers). */
export function webhookSecret(): string {
  const configured = rawEnv().WORKFLOW_WEBHOOK_SECRET;
  if (configured) return configured;
  // Unset: a key derived from the secrets key (never from a constant: getSecretsKey throws when it is unset).
  return createHmac('sha256', getSecretsKey()).update('workflow-webhook').digest('hex');
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

async function callWebhook(
  action: { url: string; headers?: Record<string, string> | undefined },
  loaded: LoadedRun,
  step: { id: string; name: string },
  deliveryId: string,
): Promise<string> {
  const body = JSON.stringify({
    event: 'workflow.automation',
    deliveryId,
    runId: loaded.run.id,
    definition: {
      key: loaded.body.definitionKey,
      name: loaded.body.definitionName,
      version: loaded.body.version,
    },
    step: { id: step.id, name: step.name },
    originator: loaded.originator,
    values: loaded.run.values,
  });
  const timestamp = String(Date.now());
  try {
    await assertOutboundUrl(action.url, { path: 'url' });
  } catch (error) {
    throw new AdapterError('webhook target refused by the outbound policy', {
      retryable: false,
      cause: error,
    });
  }
  let response: Response;
  try {
    response = await fetch(action.url, {
      method: 'POST',
      headers: {
        ...action.headers,
        'content-type': 'application/json',
        'x-huiban-delivery': deliveryId,
        'x-huiban-timestamp': timestamp,
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(webhookSecret(), timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    throw new AdapterError(`webhook unreachable: ${(error as Error).name}`, {
      retryable: true,
      cause: error,
    });
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return `Webhook HTTP ${response.status}`;
  throw new AdapterError(`webhook answered HTTP ${response.status}`, {
    retryable: response.status >= 500 || response.status === 429 || response.status === 408,
  });
}

async function callConnectAction(
  db: Db,
  action: {
    connectorId: string;
    integrationConnectorId: string;
    actionId: string;
    input: Record<string, unknown>;
  },
  loaded: LoadedRun,
  stepId: string,
): Promise<string> {
  const connector = await unsafeLoadConnectorRuntime(db, action.connectorId);
  if (connector?.kind !== 'dingtalk' || !connector.enabled) throw new EffectError('钉钉连接器不存在或已停用');
  const s = dingtalkSettings(connector);
  const providerCorpId = connector.corpId ?? '';
  const { invocationId } = await invokeConnectAction(s, {
    connectAssetUri: connectAssetUriOf(providerCorpId, action.actionId),
    // One invocable instance per run and step: a retried job reuses it.
    instanceKey: `huiban-${loaded.run.id}-${stepId}`,
    input: fillTemplate(action.input, loaded) as Record<string, unknown>,
  });
  return `连接器动作已执行${invocationId ? `（${invocationId}）` : ''}`;
}
