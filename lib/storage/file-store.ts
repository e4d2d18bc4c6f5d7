import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseStorageEnv, rawEnv, type StorageEnv } from '@/lib/env';
import { createMeter, toNodeReadable } from './meter';
import { createS3FileStore, S3_KEY_SCHEME } from './s3-file-store';
import { type FileStore, StoredFileMissingError } from './types';

export function createLocalFileStore(root: string): FileStore {
  const base = path.resolve(root);
  const fullPath = (key: string) => {
    const full = path.resolve(base, key);
    // Keys are ours, but never let one escape the storage directory.
    if (!full.startsWith(`${base}${path.sep}`)) throw new Error('invalid storage key');
    return full;
  };
  return {
    async put(body, { prefix }) {
      const key = `${prefix.replace(/[^a-zA-Z0-9_-]/g, '_')}/${randomUUID()}`;
      const target = fullPath(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.part`;
      const meter = createMeter();
      try {
        await pipeline(toNodeReadable(body), meter.stream, createWriteStream(temp));
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { storageKey: key, ...meter.result() };
    },
    async open(storageKey) {
      const full = fullPath(storageKey);
      const { size } = await stat(full).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? new StoredFileMissingError(storageKey) : error;
      });
      return { stream: createReadStream(full), size };
    },
    async remove(storageKey) {
      await rm(fullPath(storageKey), { force: true });
    },
  };
}

/**
 * The configured store for new files, plus reads and deletes routed by key: `s3://bucket/key` keys go to
 * S3, the others to the local directory. So switching STORAGE_DRIVER never orphans files already copied.
 */
export function createFileStore(config: StorageEnv): FileStore {
  const local = createLocalFileStore(config.STORAGE_DIR);
  let s3: FileStore | undefined;
  const s3Store = () => {
    if (!config.S3_BUCKET) throw new Error('S3 storage is not configured (S3_BUCKET)');
    s3 ??= createS3FileStore({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      credentials:
        config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
          : undefined,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      partSize: config.S3_PART_SIZE_MB * 1024 * 1024,
      queueSize: config.S3_UPLOAD_QUEUE_SIZE,
    });
    return s3;
  };
  const byKey = (storageKey: string) => (storageKey.startsWith(S3_KEY_SCHEME) ? s3Store() : local);
  return {
    put: (body, hint) => (config.STORAGE_DRIVER === 's3' ? s3Store() : local).put(body, hint),
    open: (storageKey) => byKey(storageKey).open(storageKey),
    remove: (storageKey) => byKey(storageKey).remove(storageKey),
  };
}

let store: FileStore | undefined;

/** The process's store, from STORAGE_DRIVER / STORAGE_DIR / S3_* (read once). */
export function getFileStore(): FileStore {
  store ??= createFileStore(parseStorageEnv(rawEnv()));
  return store;
}
