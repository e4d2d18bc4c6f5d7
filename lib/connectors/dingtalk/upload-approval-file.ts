import { AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { callApi } from './open-api';

/** One file of a DDAttachment value (dingtalk-wave2-apis.md §3.6): every key a string. */
export type DDAttachmentFile = {
  spaceId: string;
  fileName: string;
  fileSize: string;
  fileType: string;
  fileId: string;
};

type UploadInfo = {
  uploadKey?: string;
  headerSignatureInfo?: { resourceUrls?: string[]; headers?: Record<string, string> };
};
type Dentry = { id?: string; spaceId?: string; name?: string; size?: number | string; extension?: string };

/**
 * Puts one file into the org's approval space so a DingTalk approval can carry it (wave2 §3.2–3.6), as the
 * future originator: A `spaces/infos/query` (grants them upload permission, so it is called right before
 * every upload) → B upload info → C PUT the bytes with the signed headers and an empty content type → D commit
 * (AUTO_RENAME: the dentry's name is the one to send). Returns the DDAttachment file.
 *
 * Repeating it is harmless (another copy in an invisible space); callers that must not repeat it keep the
 * result (local_effects.progress). The chain is documented as partial (wave2 §3.1): connectors can turn it
 * off with `approvalUploads: false` (file names are then sent as text).
 */
export async function uploadApprovalFile(
  s: DingTalkSettings,
  input: { userId: string; unionId: string; fileName: string; bytes: Buffer },
): Promise<DDAttachmentFile> {
  const space = await callApi<{ result?: { spaceId?: number | string } }>(
    s,
    '/v1.0/workflow/processInstances/spaces/infos/query',
    { body: { userId: input.userId, ...(s.agentId ? { agentId: s.agentId } : {}) } },
  );
  const spaceId = space.result?.spaceId;
  if (spaceId === undefined || spaceId === null)
    throw new AdapterError('DingTalk approval space answer without spaceId', { retryable: true });
  const storagePath = `/v1.0/storage/spaces/${encodeURIComponent(String(spaceId))}/files`;
  const query = { unionId: input.unionId };
  const info = await callApi<UploadInfo>(s, `${storagePath}/uploadInfos/query`, {
    query,
    body: {
      protocol: 'HEADER_SIGNATURE',
      multipart: false,
      option: { storageDriver: 'DINGTALK', preferIntranet: false },
    },
  });
  const url = info.headerSignatureInfo?.resourceUrls?.[0];
  if (!info.uploadKey || !url)
    throw new AdapterError('DingTalk upload info without uploadKey or URL', { retryable: true });
  const put = await fetch(url, {
    method: 'PUT',
    // §3.4: every signed header as given, and the content type empty (the signature covers it).
    headers: { ...(info.headerSignatureInfo?.headers ?? {}), 'Content-Type': '' },
    body: new Uint8Array(input.bytes),
    signal: AbortSignal.timeout(120_000),
  }).catch((error: unknown) => {
    throw new AdapterError('DingTalk storage upload failed to connect', { retryable: true, cause: error });
  });
  await put.arrayBuffer().catch(() => undefined);
  if (!put.ok)
    // An expired or refused signature is cured by a new upload info: retry the whole chain.
    throw new AdapterError(`DingTalk storage upload failed: HTTP ${put.status}`, { retryable: true });
  const committed = await callApi<{ dentry?: Dentry }>(s, `${storagePath}/commit`, {
    query,
    body: {
      uploadKey: info.uploadKey,
      name: safeName(input.fileName),
      parentId: '0',
      option: { size: input.bytes.length, conflictStrategy: 'AUTO_RENAME' },
    },
  });
  const d = committed.dentry;
  if (!d?.id) throw new AdapterError('DingTalk commit answered without a dentry id', { retryable: true });
  const name = d.name ?? safeName(input.fileName);
  return {
    spaceId: String(d.spaceId ?? spaceId),
    fileName: name,
    fileSize: String(d.size ?? input.bytes.length),
    fileType: d.extension ?? (name.includes('.') ? (name.split('.').pop() ?? '') : ''),
    fileId: String(d.id),
  };
}

/** §3.5: no tab `* " < > |`, not ending in `.`, no surrounding spaces. */
function safeName(fileName: string): string {
  const cleaned = fileName
    .replace(/[\t*"<>|]/g, '_')
    .trim()
    .replace(/\.+$/, '');
  return cleaned || 'file';
}
