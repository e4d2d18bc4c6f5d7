import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type LocalEffect, localDingtalkLinks, localEffects, uploads } from '@/db/schema';
import { getFileStore } from '@/lib/storage/file-store';
import type { DingTalkSettings } from '../dingtalk/config';
import { getFormSchema } from '../dingtalk/form-schema';
import { type DDAttachmentFile, uploadApprovalFile } from '../dingtalk/upload-approval-file';
import {
  type DingTalkAccount,
  dingtalkAccountOf,
  findStartedInstance,
  startDingTalkInstance,
  unionIdOf,
} from '../dingtalk/workflow-bridge';
import { type EncodeAttachments, encodeFormValues } from './encode-form-values';
import { indexSteps } from './engine';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import { type EffectContext, EffectError, type EffectResult } from './local-effect';
import { pickDepartment } from './originator-departments';

/** `local_effects.progress` of a startDingTalk effect: the files already in DingTalk, by Huiban upload id. */
type StartProgress = { files?: Record<string, DDAttachmentFile> };

/**
 * Effect `startDingTalk`: starts the DingTalk approval of a `dingtalkApproval` step as the originator, in the
 * department they apply as (their only one, or the one they chose on the form), the form mapped onto the
 * process's components. Attachments mapped to a DDAttachment component are uploaded to the approval space
 * first (wave2 §3) and sent as files the DingTalk approver can open.
 *
 * Retry-safe: each committed upload is recorded in the effect's `progress` before the next step, so a retry
 * reuses it (the component values stay identical, and an upload repeated after a crash mid-upload only leaves
 * a stray copy in an invisible space); a retry after the start call may have reached DingTalk adopts that
 * instance (findStartedInstance) instead of starting a second. runLocalEffect() records the link.
 */
export async function startDingtalkApproval(
  db: Db,
  loaded: LoadedRun,
  effect: LocalEffect,
  ctx: EffectContext,
): Promise<EffectResult> {
  const step = indexSteps(loaded.body.steps).get(String(effect.payload.stepId));
  if (step?.kind !== 'dingtalkApproval') throw new EffectError('步骤不存在');
  const s = await loadDingtalkSettings(db, step.connectorId);
  const originator = await dingtalkAccountOf(db, step.connectorId, loaded.originator.userId);
  if (!originator) throw new EffectError(`发起人 ${loaded.originator.name} 没有关联的钉钉账号`);
  const deptId = pickDepartment(originator.departments, loaded.run.dingtalkDeptId);
  const attachments = s.approvalUploads
    ? await attachmentEncoder(db, s, effect, step.processCode, originator)
    : undefined;
  const formComponentValues = await encodeFormValues(db, step, loaded.body.form, loaded.run.values, {
    attachments,
  });
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
      deptId,
      formComponentValues,
    }));
  ctx.log.info(
    { runId: loaded.run.id, dingtalkInstanceId, deptId },
    'local workflow started a DingTalk instance',
  );
  return {
    result: { dingtalkInstanceId, connectorId: step.connectorId, processCode: step.processCode, deptId },
    event: { type: 'dingtalkStarted', stepId: step.id, dingtalkInstanceId },
  };
}

/**
 * Attachments for components that are DDAttachment in the template's schema: each file uploaded once (kept in
 * the effect's progress), then the §3.6 value. Other components get the file names (null).
 */
async function attachmentEncoder(
  db: Db,
  s: DingTalkSettings,
  effect: LocalEffect,
  processCode: string,
  originator: DingTalkAccount,
): Promise<EncodeAttachments> {
  const schema = await getFormSchema(s, processCode);
  const fileComponents = new Set(
    schema.items.filter((i) => i.componentName === 'DDAttachment').map((i) => i.props?.label ?? ''),
  );
  const done: Record<string, DDAttachmentFile> = {
    ...((effect.progress as StartProgress | null)?.files ?? {}),
  };
  let unionId = originator.unionId;
  return async (componentName, files) => {
    if (!fileComponents.has(componentName)) return null;
    const refs: DDAttachmentFile[] = [];
    for (const file of files) {
      let ref = done[file.fileId];
      if (!ref) {
        unionId ??= await unionIdOf(s, originator.userId);
        if (!unionId) throw new EffectError('发起人的钉钉 unionId 未知，无法上传附件');
        ref = await uploadApprovalFile(s, {
          userId: originator.userId,
          unionId,
          fileName: file.fileName,
          bytes: await readUpload(file.fileId),
        });
        done[file.fileId] = ref;
        // Recorded before anything else happens: a retry reuses this file instead of uploading it again.
        await db
          .update(localEffects)
          .set({
            progress: sql`coalesce(${localEffects.progress}, '{}'::jsonb) || ${JSON.stringify({ files: done })}::jsonb`,
          })
          .where(eq(localEffects.id, effect.id));
      }
      refs.push(ref);
    }
    return JSON.stringify(refs);
  };

  async function readUpload(uploadId: string): Promise<Buffer> {
    const [upload] = await db.select().from(uploads).where(eq(uploads.id, uploadId));
    if (!upload) throw new EffectError('附件已不存在');
    // Uploads are at most UPLOAD_MAX_MB (20 MB by default): read whole, as the signed PUT needs its length.
    const { stream } = await getFileStore().open(upload.storageKey);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
}
