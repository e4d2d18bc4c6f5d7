import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { uploads } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { rawEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { contentTypeOf } from '@/lib/storage/content-type';
import { getFileStore } from '@/lib/storage/file-store';
import { receiveMultipartFile } from '@/lib/storage/receive-multipart-file';

export type UploadAnswer = { fileId: string; fileName: string; size: number; contentType: string };

const DEFAULT_MAX_MB = 20;

/** The largest accepted upload in bytes: UPLOAD_MAX_MB (default 20 MB). */
export function uploadLimitBytes(source: Record<string, string | undefined> = rawEnv()): number {
  const mb = Number(source.UPLOAD_MAX_MB);
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_MB) * 1024 * 1024);
}

const DEFAULT_QUOTA_MB = 200;

/** What one user may hold in uploads at once (UPLOAD_QUOTA_MB, default 200 MB); pruning frees it again. */
export function uploadQuotaBytes(source: Record<string, string | undefined> = rawEnv()): number {
  const mb = Number(source.UPLOAD_QUOTA_MB);
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_QUOTA_MB) * 1024 * 1024);
}

async function usedBytes(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string>`coalesce(sum(${uploads.size}), 0)` })
    .from(uploads)
    .where(eq(uploads.userId, userId));
  return Number(row?.bytes ?? 0);
}

/**
 * A signed-in user uploads one file (multipart field `file`) for a form: the bytes stream into Huiban's storage
 * as they arrive (receiveMultipartFile; never buffered in memory), and a row records who uploaded what. A body
 * over the size limit or the user's remaining quota is refused with 413 before reading (declared length) or the
 * moment the limit is passed while reading; nothing is stored then.
 */
export async function saveUpload(db: Db, viewer: Viewer, request: Request): Promise<UploadAnswer> {
  const limit = uploadLimitBytes();
  // Multipart framing adds a few hundred bytes around the file.
  const bodyLimit = limit + 64 * 1024;
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > bodyLimit) throw tooLarge(limit);
  const type = request.headers.get('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type))
    throw new AppError('unsupported_media_type', 'Content-Type must be multipart/form-data');
  if (!request.body) throw new AppError('bad_request', '缺少文件');
  // Per-user quota: checked before reading (declared length), and on the bytes while they stream.
  const quota = uploadQuotaBytes();
  const used = await usedBytes(db, viewer.userId);
  const remaining = Math.max(quota - used, 0);
  if (Math.max(declared - 64 * 1024, 0) > remaining) throw overQuota();
  const store = getFileStore();
  const file = await receiveMultipartFile(request.body, type, {
    field: 'file',
    maxBodyBytes: bodyLimit,
    maxFileBytes: Math.min(limit, remaining),
    tooLarge: () => (remaining < limit ? overQuota() : tooLarge(limit)),
    store: (stream) => store.put(stream, { prefix: `uploads/${viewer.userId}` }),
    discard: (stored) => store.remove(stored.storageKey),
  });
  const fileName = cleanName(file.fileName || 'file');
  const contentType = contentTypeOf(fileName, file.mimeType || null);
  const stored = file.stored;
  const [row] = await db
    .insert(uploads)
    .values({
      userId: viewer.userId,
      fileName,
      size: stored.size,
      contentType,
      storageKey: stored.storageKey,
      sha256: stored.sha256,
    })
    .returning({ id: uploads.id })
    .catch(async (error: unknown) => {
      await store.remove(stored.storageKey).catch(() => {});
      throw error;
    });
  if (!row) throw new Error('upload insert failed');
  return { fileId: row.id, fileName, size: stored.size, contentType };
}

function overQuota() {
  return new AppError('payload_too_large', '上传空间已用完，请提交或等待未使用的文件被清理');
}

function tooLarge(limit: number) {
  return new AppError('payload_too_large', `文件不能超过 ${Math.round(limit / 1024 / 1024)} MB`);
}

function cleanName(name: string): string {
  // Keep the last path segment and drop control characters; names are shown and used in downloads.
  const base = name.split(/[\\/]/).pop() ?? 'file';
  return (
    [...base]
      .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)
      .join('')
      .slice(0, 200) || 'file'
  );
}
