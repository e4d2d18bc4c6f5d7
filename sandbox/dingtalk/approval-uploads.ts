import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NewApiError } from '../http/errors';
import type { Reply, RequestContext, RouteDef } from '../http/router';
import { header } from '../http/server';
import { storeFile } from '../model/files';
import type { SandboxState } from '../model/state';
import type { Org, StoredFile, User } from '../model/types';
import { str } from './workflow';

/** How long `spaces/infos/query` lets a user upload (the docs say "temporary"; the length is UNCONFIRMED). */
export const UPLOAD_GRANT_MS = 10 * 60 * 1000;
/** `headerSignatureInfo.expirationSeconds` (wave2 §3.3 sample). */
const UPLOAD_URL_SECONDS = 900;
const STORAGE_DRIVERS = new Set(['DINGTALK', 'ALIDOC', 'UNKNOWN']);
const CONFLICT_STRATEGIES = new Set([
  'AUTO_RENAME',
  'OVERWRITE',
  'RETURN_DENTRY_IF_EXISTS',
  'RETURN_ERROR_IF_EXISTS',
]);
const ILLEGAL_NAME = /[\t*"<>|]/;

/** Step A of wave2 §3: `spaces/infos/query` grants `userId` upload permission for a while. */
export function grantUpload(state: SandboxState, org: Org, userId: string): void {
  state.uploadGrants.set(`${org.corpId}:${userId}`, state.now() + UPLOAD_GRANT_MS);
}

/**
 * Server-side upload into the approval space (dingtalk-wave2-apis.md §3.3–3.5): upload info → PUT the bytes to
 * the returned URL with the returned headers (content-type empty) → commit → a dentry whose id is the
 * DDAttachment `fileId`. Every documented error the checks can hit is answered as documented.
 */
export function approvalUploadRoutes(state: SandboxState): RouteDef[] {
  const secret = randomBytes(32);
  const sign = (uploadKey: string, expires: number) =>
    createHmac('sha256', secret).update(`upload\n${uploadKey}\n${expires}`).digest('base64url');
  return [
    {
      method: 'POST',
      path: '/v1.0/storage/spaces/{spaceId}/files/uploadInfos/query',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { org, user } = operator(state, ctx);
        const b = ctx.body;
        if (b.protocol !== 'HEADER_SIGNATURE')
          throw new NewApiError(400, 'paramError.protocol', 'protocol只支持HEADER_SIGNATURE');
        if (typeof b.multipart !== 'boolean') throw new NewApiError(400, 'paramError', 'multipart不能为空');
        if (b.multipart)
          throw new NewApiError(
            400,
            'dentryUploadProtocolNotSupport',
            '沙箱不支持分片上传（文件小于5GB时请传false）',
          );
        const option = (b.option ?? {}) as Record<string, unknown>;
        const driver = option.storageDriver === undefined ? 'DINGTALK' : str(option.storageDriver);
        if (!STORAGE_DRIVERS.has(driver))
          throw new NewApiError(400, 'paramError.storageDriver', 'storageDriver不合法');
        const expires = state.now() + UPLOAD_URL_SECONDS * 1000;
        const uploadKey = `sandbox-upload-${state.ids.stableUuid()}`;
        state.pendingUploads.set(uploadKey, {
          uploadKey,
          corpId: org.corpId,
          spaceId: org.spaceId,
          unionId: user.unionId,
          expiresAt: expires,
        });
        const seconds = Math.floor(expires / 1000);
        return {
          json: {
            uploadKey,
            storageDriver: driver,
            protocol: 'HEADER_SIGNATURE',
            headerSignatureInfo: {
              resourceUrls: [`${base(ctx)}/__uploads/${uploadKey}?Expires=${seconds}`],
              headers: {
                Authorization: `DINGTALK_UPLOAD ${sign(uploadKey, seconds)}`,
                'x-oss-date': new Date(state.now()).toUTCString(),
              },
              expirationSeconds: UPLOAD_URL_SECONDS,
              region: 'ZHANGJIAKOU',
              internalResourceUrls: [],
            },
          },
        };
      },
    },
    {
      method: 'PUT',
      path: '/__uploads/{uploadKey}',
      family: 'raw',
      handler: (ctx) => {
        const uploadKey = ctx.params.uploadKey ?? '';
        const expires = Number(ctx.query.get('Expires'));
        const auth = header(ctx.req, 'authorization') ?? '';
        if (!header(ctx.req, 'x-oss-date') || !safeEqual(auth, `DINGTALK_UPLOAD ${sign(uploadKey, expires)}`))
          return ossError(403, 'SignatureDoesNotMatch', 'Missing or invalid signature headers.');
        // The signature covers an empty content type (§3.4): `application/octet-stream` fails as it does for real.
        const contentType = header(ctx.req, 'content-type') ?? '';
        if (contentType !== '')
          return ossError(403, 'SignatureDoesNotMatch', 'The content type must be empty for this signature.');
        if (expires * 1000 <= state.now()) return ossError(403, 'AccessDenied', 'Request has expired.');
        const pending = state.pendingUploads.get(uploadKey);
        if (!pending) return ossError(404, 'NoSuchUpload', 'The specified upload does not exist.');
        // A repeated PUT (a retry) replaces the bytes, as an object store does.
        pending.bytes = Buffer.from(ctx.rawBody);
        return { status: 200, headers: { etag: `"${uploadKey.slice(-16)}"` }, body: '' };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/storage/spaces/{spaceId}/files/commit',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { org, user } = operator(state, ctx, { needsGrant: false });
        const b = ctx.body;
        const uploadKey = str(b.uploadKey);
        const name = str(b.name).trim();
        const parentId = str(b.parentId);
        if (!uploadKey) throw new NewApiError(400, 'paramError', 'uploadKey不能为空');
        if (!parentId) throw new NewApiError(400, 'paramError', 'parentId不能为空');
        if (!name || ILLEGAL_NAME.test(name) || name.endsWith('.'))
          throw new NewApiError(400, 'dentryNameIllegal', '文件名不合法');
        const option = (b.option ?? {}) as Record<string, unknown>;
        const strategy = option.conflictStrategy === undefined ? 'AUTO_RENAME' : str(option.conflictStrategy);
        if (!CONFLICT_STRATEGIES.has(strategy))
          throw new NewApiError(400, 'paramError.conflictStrategy', 'conflictStrategy不合法');
        const pending = state.pendingUploads.get(uploadKey);
        if (!pending || pending.corpId !== org.corpId)
          throw new NewApiError(400, 'paramError', 'uploadKey不存在或已过期');
        if (pending.unionId !== user.unionId) throw new NewApiError(403, 'permissionDenied', '没有权限');
        if (pending.fileId) {
          const done = state.files.get(pending.fileId);
          if (done) return { json: { dentry: dentryOf(done, user, state.now()) } };
        }
        if (!pending.bytes) throw new NewApiError(400, 'dentryStoreError', '文件内容尚未上传');
        const taken = new Set(
          [...state.files.values()]
            .filter((f) => f.corpId === org.corpId && f.spaceId === org.spaceId)
            .map((f) => f.fileName),
        );
        if (taken.has(name) && strategy === 'RETURN_ERROR_IF_EXISTS')
          throw new NewApiError(400, 'dentryNameConflict', '同名文件已存在');
        const existing = [...state.files.values()].find(
          (f) => f.corpId === org.corpId && f.spaceId === org.spaceId && f.fileName === name,
        );
        if (existing && strategy === 'RETURN_DENTRY_IF_EXISTS')
          return { json: { dentry: dentryOf(existing, user, state.now()) } };
        const stored = storeFile(state, org.corpId, {
          fileName: strategy === 'AUTO_RENAME' ? freeName(name, taken) : name,
          bytes: pending.bytes,
          usage: 'loose',
        });
        pending.fileId = stored.fileId;
        return { json: { dentry: dentryOf(stored, user, state.now()) } };
      },
    },
  ];
}

/** The operator of a storage call: `?unionId=` must be a member, the space the org's approval space. */
function operator(
  state: SandboxState,
  ctx: RequestContext,
  opts: { needsGrant?: boolean } = {},
): { org: Org; user: User } {
  const org = ctx.org;
  const user = org ? state.userByUnionId(org, ctx.query.get('unionId') ?? '') : undefined;
  if (!org || !user) throw new NewApiError(403, 'permissionDenied', '没有权限');
  if (ctx.params.spaceId !== org.spaceId) throw new NewApiError(404, 'spaceNotExist', '空间不存在');
  // Without a fresh `spaces/infos/query` for this user the storage call fails (wave2 §3.2, practitioner).
  const grant = state.uploadGrants.get(`${org.corpId}:${user.userId}`);
  if (opts.needsGrant !== false && (!grant || grant <= state.now()))
    throw new NewApiError(403, 'permissionDenied', '没有上传权限，请先调用获取审批钉盘空间信息接口');
  return { org, user };
}

/** `report.pdf` → `report(1).pdf` … while the name is taken (AUTO_RENAME). */
function freeName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 1; ; i++) {
    const candidate = `${stem}(${i})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** §3.5's dentry: ids are strings; times in the format real answers had, not ISO. */
function dentryOf(file: StoredFile, user: User, now: number): Record<string, unknown> {
  const time = new Date(now).toString();
  return {
    id: file.fileId,
    spaceId: file.spaceId,
    parentId: '0',
    type: 'FILE',
    name: file.fileName,
    size: file.bytes.length,
    path: `/${file.fileName}`,
    version: 1,
    status: 'NORMAL',
    extension: file.fileType,
    creatorId: user.unionId,
    modifierId: user.unionId,
    createTime: time,
    modifiedTime: time,
    properties: { readOnly: false },
    appProperties: {},
    uuid: `dentry-${file.fileId}`,
    partitionType: 'PUBLIC_OSS_PARTITION',
    storageDriver: 'DINGTALK',
  };
}

function base(ctx: RequestContext): string {
  return `http://${header(ctx.req, 'host') ?? '127.0.0.1'}`;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function ossError(status: number, code: string, message: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${message}</Message>\n</Error>\n`,
  };
}
