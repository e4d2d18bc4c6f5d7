import { type AdapterContext, AdapterError, type SourceAdapter, type SourceUserProfile } from '../types';
import { actAtDingTalk } from './act';
import { dingtalkSettings } from './config';
import { fetchDingTalkSnapshot } from './fetch-snapshot';
import { getFormSchema } from './form-schema';
import {
  type DingTalkUserDetail,
  listDingTalkDirectory,
  parseContactChange,
  toUserProfile,
} from './list-directory';
import { listDingTalkInstanceIds } from './list-instance-ids';
import { dingtalkMoreActions } from './more-actions';
import { withNodeNamesFromEvents } from './node-names-from-events';
import { callApi, callOapi } from './open-api';
import { recordTemplateSchema } from './track-template-schema';

type UserGet = { result?: DingTalkUserDetail };

/**
 * Every snapshot (events, reconciliation) also notes the template's schema (from the shared cache, fetched at
 * most hourly): a changed hash marks the mapping stale. Never fails the snapshot.
 */
async function noteTemplateSchema(ctx: AdapterContext, processCode: string): Promise<void> {
  try {
    const schema = await getFormSchema(dingtalkSettings(ctx.connector), processCode);
    const stale = await recordTemplateSchema(ctx.db, { connectorId: ctx.connector.id, processCode, schema });
    if (stale)
      ctx.log.warn({ connectorId: ctx.connector.id, processCode }, 'DingTalk template schema changed');
  } catch (error) {
    ctx.log.warn({ err: error, processCode }, 'DingTalk template schema check failed');
  }
}

/** DingTalk OA approvals (workflow 1.0 APIs on the new host, contacts on the old one). */
export const dingtalkAdapter: SourceAdapter = {
  kind: 'dingtalk',

  async fetchSnapshot(ctx, instanceId, hints) {
    const snapshot = await fetchDingTalkSnapshot(dingtalkSettings(ctx.connector), instanceId, hints);
    if (hints?.processCode) await noteTemplateSchema(ctx, hints.processCode);
    return snapshot && withNodeNamesFromEvents(snapshot, hints?.events);
  },

  async openAttachment(ctx, ref) {
    const s = dingtalkSettings(ctx.connector);
    // §6.1: a pre-signed download URL, valid 15 minutes; fetched without DingTalk headers.
    const grant = await callApi<{ result?: { downloadUri?: string } }>(
      s,
      '/v1.0/workflow/processInstances/spaces/files/urls/download',
      {
        body: {
          processInstanceId: ref.instanceExternalId,
          fileId: ref.externalFileId,
          withCommentAttatchment: true,
        },
      },
    );
    const uri = grant.result?.downloadUri;
    if (!uri) throw new AdapterError('DingTalk gave no download URL', { retryable: true });
    const response = await fetch(uri, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok || !response.body) {
      throw new AdapterError(`attachment download failed: HTTP ${response.status}`, { retryable: true });
    }
    return { body: response.body, contentType: response.headers.get('content-type') };
  },

  async fetchUserProfile(ctx, externalUserId): Promise<SourceUserProfile | null> {
    const s = dingtalkSettings(ctx.connector);
    let body: UserGet;
    try {
      body = await callOapi<UserGet>(s, '/topapi/v2/user/get', { userid: externalUserId, language: 'zh_CN' });
    } catch (error) {
      // 60121 user not found, 33012 invalid userid (§7.1): the person is not (or no longer) in the org.
      if (error instanceof AdapterError && ['60121', '33012'].includes(error.sourceCode ?? '')) return null;
      throw error;
    }
    const u = body.result;
    if (!u) return null;
    return toUserProfile(externalUserId, u);
  },

  listDirectory(ctx) {
    return listDingTalkDirectory(dingtalkSettings(ctx.connector));
  },

  directoryChange(type, payload) {
    return parseContactChange(type, payload);
  },

  listInstanceIds(ctx, input) {
    return listDingTalkInstanceIds(dingtalkSettings(ctx.connector), input);
  },

  moreActions(ctx, input) {
    return dingtalkMoreActions(dingtalkSettings(ctx.connector), input);
  },

  act(ctx, request) {
    return actAtDingTalk(dingtalkSettings(ctx.connector), request);
  },
};
