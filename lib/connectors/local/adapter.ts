import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { uploads, users } from '@/db/schema';
import { getFileStore } from '@/lib/storage/file-store';
import { onInstanceApplied } from '@/lib/tasks/instance-applied-hooks';
import { AdapterError, type SourceAdapter } from '../types';
import { actOnLocalRun } from './act-on-local-run';
import { buildRunSnapshot } from './apply-local-event';
import { resumeLinkedSteps } from './dingtalk-link-hooks';
import { loadRun } from './load-run';
import { moreLocalActions } from './more-local-actions';
import './task-notice-policy';
import type { UploadedFileValue } from './validate-form-values';

/**
 * Local workflows: the source is Huiban's own engine. People are addressed by Huiban user id; the
 * snapshot is built from the run's engine state; acting applies the action as an engine event, whose
 * transaction also applies the new snapshot, so the write-back is confirmed by the act itself.
 */
// A DingTalk approval a local step started resumes that step once it is final (the registry loads this module
// wherever snapshots are applied from a source).
onInstanceApplied('local-dingtalk-links', resumeLinkedSteps);

export const localAdapter: SourceAdapter = {
  kind: 'local',
  confirmsOnAct: true,

  identityKeyForUser(userId) {
    return userId;
  },

  async fetchSnapshot(ctx, instanceExternalId) {
    const loaded = await loadRun(ctx.db, instanceExternalId);
    if (!loaded) return null;
    return (await buildRunSnapshot(ctx.db, loaded, loaded.state)).snapshot;
  },

  // Form attachments were uploaded to Huiban's storage: stream the upload the run references.
  async openAttachment(ctx, ref) {
    const loaded = await loadRun(ctx.db, ref.instanceExternalId);
    const isReferenced = loaded?.body.form.fields.some(
      (f) =>
        f.type === 'attachments' &&
        Array.isArray(loaded.run.values[f.key]) &&
        (loaded.run.values[f.key] as UploadedFileValue[]).some((v) => v.fileId === ref.externalFileId),
    );
    const [upload] = isReferenced
      ? await ctx.db.select().from(uploads).where(eq(uploads.id, ref.externalFileId))
      : [];
    if (!upload) throw new AdapterError('the upload is not part of this instance', { retryable: false });
    const { stream } = await getFileStore().open(upload.storageKey);
    return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, contentType: upload.contentType };
  },

  async fetchUserProfile(ctx, externalUserId) {
    const [user] = await ctx.db.select().from(users).where(eq(users.id, externalUserId));
    if (!user) return null;
    return {
      externalUserId,
      name: user.name,
      email: user.email,
      mobile: user.mobile,
      jobNumber: user.jobNumber,
      active: user.status === 'active',
    };
  },

  // Nothing to list: runs are ours, their snapshot is applied with every transition.
  canReconcile() {
    return false;
  },

  moreActions(ctx, input) {
    return moreLocalActions(ctx.db, input);
  },

  act(ctx, request) {
    return actOnLocalRun(ctx.db, request);
  },
};
