import { unsafeGetInstanceBase } from '@/lib/tasks/get-instance-base';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { dingtalkAdapter } from '../dingtalk/adapter';
import type { SourceAdapter } from '../types';
import { actAtYida } from './act';
import { YIDA_PUSH_ACTIONS, type YidaPushAction, yidaSettings } from './config';
import { fetchYidaSnapshot } from './fetch-snapshot';
import { getYidaFormSchema } from './form-schema';
import { listYidaInstanceIds, yidaScopes } from './list-instance-ids';
import { openYidaAttachment } from './open-attachment';
import { parsePush, type YidaPush } from './parse-push';
import { snapshotFromPush } from './push-snapshot';

/**
 * Yida (宜搭) process forms: integration-center pushes in, the Yida OpenAPI on the DingTalk API host for reads
 * and actions (yida-connect-api.md §1–§4). The OpenAPI is the source of truth where it can answer (invariant
 * 3); push content is applied first because it is the only record of a deletion and of a cc, and because a
 * push may name a task the OpenAPI no longer lists.
 */
export const yidaAdapter: SourceAdapter = {
  kind: 'yida',

  async fetchSnapshot(ctx, instanceId, hints) {
    const s = yidaSettings(ctx.connector);
    if (s.snapshotSource === 'push') return null;
    // Reconciliation passes its scope (`appType/formUuid`) as the hint: it names the app to ask first.
    const appType = hints?.processCode?.includes('/') ? hints.processCode.split('/')[0] : null;
    const found = await fetchYidaSnapshot(s, instanceId, { appType });
    if (!found) return null;
    // GetInstanceById names no process: the name a push gave (`processName` of the task JSON) wins over the one
    // read from a default title (processNameFromTitle).
    const base = await unsafeGetInstanceBase(ctx.db, ctx.connector.id, instanceId);
    return {
      ...found.snapshot,
      processName: base?.snapshot.processName ?? found.snapshot.processName ?? null,
    };
  },

  async snapshotsFromEvents(ctx, instanceId, payloads) {
    const s = yidaSettings(ctx.connector);
    const pushes = payloads
      .map(toPush)
      .filter((p): p is YidaPush => p !== null && p.instanceId === instanceId)
      .sort((a, b) => a.at - b.at);
    const snapshots: InstanceSnapshot[] = [];
    for (const push of pushes) {
      // Read per push: the previous one may have created the instance this one completes a task of.
      const base = await unsafeGetInstanceBase(ctx.db, ctx.connector.id, instanceId);
      const schema = push.task
        ? await getYidaFormSchema(s, {
            appType: push.appType,
            formUuid: push.task.formUuid,
            fieldIds: Object.keys(push.task.dataMap ?? {}),
          })
        : null;
      snapshots.push(snapshotFromPush(s, push, base, schema));
    }
    return { snapshots, fetch: s.snapshotSource === 'openapi' };
  },

  openAttachment(ctx, ref) {
    return openYidaAttachment(yidaSettings(ctx.connector), ref.externalFileId);
  },

  fetchUserProfile(ctx, externalUserId) {
    // Yida users are DingTalk users of the corp (§9.7): the connector's DingTalk app reads the contacts API.
    const s = yidaSettings(ctx.connector);
    const asDingTalk = {
      ...ctx.connector,
      kind: 'dingtalk' as const,
      config: { clientId: s.clientId, apiBase: s.apiBase, oapiBase: s.oapiBase, qpsLimit: s.qpsLimit },
    };
    return dingtalkAdapter.fetchUserProfile({ ...ctx, connector: asDingTalk }, externalUserId);
  },

  canReconcile(ctx) {
    return yidaSettings(ctx.connector).snapshotSource === 'openapi';
  },

  reconcileScopes(ctx) {
    const s = yidaSettings(ctx.connector);
    return s.snapshotSource === 'openapi' ? yidaScopes(s) : [];
  },

  listInstanceIds(ctx, input) {
    return listYidaInstanceIds(yidaSettings(ctx.connector), {
      scope: input.processCode,
      since: input.since,
      until: input.until,
      limit: input.limit,
    });
  },

  // Yida's task API has no 加签 / 退回 / 撤回 / 再次提交 (yida-connect-api.md §2.6–§2.10): its own page does them.
  async moreActions() {
    return {
      append: 'source',
      revert: 'source',
      withdraw: 'source',
      resubmit: 'source',
      revertTargets: [],
      withdrawTaskExternalId: null,
    };
  },

  act(ctx, request) {
    return actAtYida(yidaSettings(ctx.connector), request);
  },
};

/** A stored push (receive-push.ts `StoredYidaPush`) parsed again; anything else is ignored. */
function toPush(payload: unknown): YidaPush | null {
  const p = payload as { action?: unknown; params?: unknown } | null;
  if (!p || typeof p.params !== 'object' || p.params === null) return null;
  if (!(YIDA_PUSH_ACTIONS as readonly unknown[]).includes(p.action)) return null;
  try {
    return parsePush(p.action as YidaPushAction, p.params as Record<string, string>);
  } catch {
    return null;
  }
}
