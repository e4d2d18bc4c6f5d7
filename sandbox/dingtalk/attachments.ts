import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NewApiError } from '../http/errors';
import type { Reply, RequestContext, RouteDef } from '../http/router';
import { header } from '../http/server';
import type { SandboxState } from '../model/state';
import type { Instance, StoredFile } from '../model/types';
import { grantUpload } from './approval-uploads';
import { str } from './workflow';

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  zip: 'application/zip',
};

/** Which files an instance references, and whether only through comments (ADD_REMARK). */
function instanceFiles(inst: Instance): Map<string, 'form' | 'record' | 'comment'> {
  const out = new Map<string, 'form' | 'record' | 'comment'>();
  for (const v of inst.formComponentValues) {
    if (v.componentType !== 'DDAttachment' || !v.value) continue;
    try {
      for (const f of JSON.parse(v.value) as { fileId?: unknown }[])
        if (f.fileId) out.set(String(f.fileId), 'form');
    } catch {
      // A malformed value simply has no files.
    }
  }
  for (const r of inst.operationRecords) {
    for (const a of r.attachments ?? []) {
      if (out.has(a.fileId)) continue;
      out.set(a.fileId, r.type === 'ADD_REMARK' ? 'comment' : 'record');
    }
  }
  return out;
}

/**
 * §6: download-URL grants and a file server. URLs are pre-signed (HMAC over fileId + expiry) and
 * expire after `downloadUrlTtlMs`; the storage variant (§6.3) requires the returned headers.
 */
export class AttachmentService {
  private readonly secret = randomBytes(32);

  constructor(private readonly state: SandboxState) {}

  private sign(kind: string, fileId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${kind}\n${fileId}\n${expires}`).digest('base64url');
  }

  private base(ctx: RequestContext): string {
    return `http://${header(ctx.req, 'host') ?? '127.0.0.1'}`;
  }

  /** A presigned URL for the control API and tests (same as the grant answer). */
  presignedUrl(baseUrl: string, fileId: string): string {
    const expires = Math.floor((this.state.now() + this.state.options.downloadUrlTtlMs) / 1000);
    return `${baseUrl}/__files/${fileId}?Expires=${expires}&OSSAccessKeyId=SANDBOX&Signature=${this.sign('oss', fileId, expires)}`;
  }

  routes(): RouteDef[] {
    const state = this.state;
    return [
      {
        method: 'POST',
        path: '/v1.0/workflow/processInstances/spaces/files/urls/download',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const b = ctx.body;
          const instId = str(b.processInstanceId);
          const fileId = str(b.fileId);
          if (!instId) throw new NewApiError(400, 'invalidProcessInstanceId', 'processInstanceId不能为空');
          if (!fileId) throw new NewApiError(400, 'invalidFileId', 'fileId不能为空');
          const inst = ctx.org?.instances.get(instId);
          if (!inst || inst.deleted) throw new NewApiError(400, 'processInstNotExist', '审批实例不存在');
          const usage = instanceFiles(inst).get(fileId);
          const file = state.files.get(fileId);
          if (!usage || !file) throw new NewApiError(400, 'invalidFileId', '文件不属于该审批实例');
          if (usage === 'comment') {
            const allowed =
              state.options.commentAttachmentDownload === 'flag' && b.withCommentAttatchment === true;
            if (!allowed) throw new NewApiError(400, 'invalidFileId', '不支持下载评论中的附件');
          }
          // 0-byte files cannot be downloaded (§6.1 quirk).
          if (file.bytes.length === 0) throw new NewApiError(400, 'invalidFileId', '文件大小为0，无法下载');
          return {
            json: {
              result: {
                spaceId: Number(file.spaceId),
                fileId: file.fileId,
                downloadUri: this.presignedUrl(this.base(ctx), fileId),
              },
              success: true,
            },
          };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/workflow/processInstances/spaces/infos/query',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const userId = str(ctx.body.userId);
          if (!userId) throw new NewApiError(400, 'invalidUserId', 'userId不能为空');
          if (!ctx.org?.users.has(userId)) throw new NewApiError(400, 'userNotExist', '用户不存在');
          const agentId = ctx.body.agentId;
          if (agentId !== undefined && ctx.app && Number(agentId) !== ctx.app.agentId)
            throw new NewApiError(400, 'invalidAgentId', 'agentId不合法');
          // The call also grants this user upload permission to the space (wave2 §3.2).
          grantUpload(state, ctx.org, userId);
          return { json: { result: { spaceId: Number(ctx.org.spaceId) }, success: true } };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/workflow/processInstances/spaces/authPreview',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          if (!ctx.org?.users.has(str(ctx.body.userId)))
            throw new NewApiError(400, 'userNotExist', '用户不存在');
          const inst = ctx.org.instances.get(str(ctx.body.processInstanceId));
          if (!inst) throw new NewApiError(400, 'processInstNotExist', '审批实例不存在');
          return { json: { result: { spaceId: Number(ctx.org.spaceId) }, success: true } };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/workflow/processInstances/spaces/files/authDownload',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const userId = str(ctx.body.userId);
          if (!ctx.org?.users.has(userId)) throw new NewApiError(400, 'userNotExist', '用户不存在');
          const infos = Array.isArray(ctx.body.fileInfos) ? ctx.body.fileInfos : [];
          if (infos.length === 0 || infos.length > 10)
            throw new NewApiError(400, 'invalidParameter', 'fileInfos需为1到10个');
          for (const raw of infos)
            state.downloadGrants.add(`${userId}:${str((raw as { fileId?: unknown }).fileId)}`);
          return { json: { success: true, result: true } };
        },
      },
      {
        method: 'POST',
        path: '/v1.0/storage/spaces/{spaceId}/dentries/{dentryId}/downloadInfos/query',
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const org = ctx.org;
          const user = org ? state.userByUnionId(org, ctx.query.get('unionId') ?? '') : undefined;
          if (!org || !user) throw new NewApiError(403, 'permissionDenied', '没有权限');
          if (ctx.params.spaceId !== org.spaceId) throw new NewApiError(404, 'spaceNotExist', '空间不存在');
          const file = state.files.get(ctx.params.dentryId ?? '');
          if (!file || file.corpId !== org.corpId) throw new NewApiError(404, 'dentryNotExist', '文件不存在');
          // Through §6.3 a user needs a prior authDownload grant (§6.2): plausible, UNCONFIRMED.
          if (!state.downloadGrants.has(`${user.userId}:${file.fileId}`))
            throw new NewApiError(403, 'permissionDenied', '没有权限');
          const ttlSeconds = Math.round(state.options.downloadUrlTtlMs / 1000);
          const expires = Math.floor(state.now() / 1000) + ttlSeconds;
          return {
            json: {
              protocol: 'HEADER_SIGNATURE',
              headerSignatureInfo: {
                resourceUrls: [`${this.base(ctx)}/__storage/${file.fileId}`],
                headers: {
                  Authorization: `DINGTALK_STORAGE ${this.sign('storage', file.fileId, expires)}`,
                  'x-oss-date': new Date(state.now()).toUTCString(),
                  'x-sandbox-expires': String(expires),
                },
                expirationSeconds: ttlSeconds,
                region: 'ZHANGJIAKOU',
                internalResourceUrls: [],
              },
            },
          };
        },
      },
      {
        method: 'GET',
        path: '/__files/{fileId}',
        family: 'raw',
        handler: (ctx) => {
          const fileId = ctx.params.fileId ?? '';
          const expires = Number(ctx.query.get('Expires'));
          const sig = ctx.query.get('Signature') ?? '';
          if (!safeEqual(sig, this.sign('oss', fileId, expires)))
            return ossError(
              403,
              'SignatureDoesNotMatch',
              'The request signature we calculated does not match the signature you provided.',
            );
          if (expires * 1000 <= state.now()) return ossError(403, 'AccessDenied', 'Request has expired.');
          const file = state.files.get(fileId);
          if (!file) return ossError(404, 'NoSuchKey', 'The specified key does not exist.');
          return serveBytes(ctx, file);
        },
      },
      {
        method: 'GET',
        path: '/__storage/{fileId}',
        family: 'raw',
        handler: (ctx) => {
          const fileId = ctx.params.fileId ?? '';
          const expires = Number(header(ctx.req, 'x-sandbox-expires'));
          const auth = header(ctx.req, 'authorization') ?? '';
          if (
            !header(ctx.req, 'x-oss-date') ||
            !safeEqual(auth, `DINGTALK_STORAGE ${this.sign('storage', fileId, expires)}`)
          ) {
            return ossError(403, 'SignatureDoesNotMatch', 'Missing or invalid signature headers.');
          }
          if (expires * 1000 <= state.now()) return ossError(403, 'AccessDenied', 'Request has expired.');
          const file = state.files.get(fileId);
          if (!file) return ossError(404, 'NoSuchKey', 'The specified key does not exist.');
          return serveBytes(ctx, file);
        },
      },
    ];
  }
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

/** Serves bytes with `Range: bytes=a-b` support (206 / 416), as OSS does. */
function serveBytes(ctx: RequestContext, file: StoredFile): Reply {
  const size = file.bytes.length;
  const headers: Record<string, string | number> = {
    'content-type': MIME[file.fileType] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    etag: `"${file.sha256.slice(0, 32).toUpperCase()}"`,
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    'x-oss-hash-sha256': file.sha256,
  };
  const range = header(ctx.req, 'range');
  if (!range) return { headers, body: file.bytes };
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = 0;
  let end = size - 1;
  if (m && (m[1] || m[2])) {
    if (m[1]) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
    } else {
      start = Math.max(0, size - Number(m[2]));
    }
  }
  if (!m || start > end || start >= size) {
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: '' };
  }
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${start}-${end}/${size}` },
    body: file.bytes.subarray(start, end + 1),
  };
}
