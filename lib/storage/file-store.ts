import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type StoredObject = { storageKey: string; size: number; sha256: string };

/**
 * Attachment storage. The default backend is a local directory (STORAGE_DIR); an S3-compatible backend would
 * implement the same three calls. Writes stream through a hash, never buffering a whole file (memory stays flat).
 */
export interface FileStore {
  put(body: ReadableStream<Uint8Array> | Readable, hint: { prefix: string }): Promise<StoredObject>;
  open(storageKey: string): Promise<{ stream: Readable; size: number }>;
  remove(storageKey: string): Promise<void>;
}

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
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      });
      const source =
        body instanceof Readable ? body : Readable.fromWeb(body as import('node:stream/web').ReadableStream);
      try {
        await pipeline(source, meter, createWriteStream(temp));
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { storageKey: key, size, sha256: hash.digest('hex') };
    },
    async open(storageKey) {
      const full = fullPath(storageKey);
      const { size } = await stat(full);
      return { stream: createReadStream(full), size };
    },
    async remove(storageKey) {
      await rm(fullPath(storageKey), { force: true });
    },
  };
}

let store: FileStore | undefined;

/** The process's store, rooted at STORAGE_DIR (default .data/storage). */
export function getFileStore(): FileStore {
  store ??= createLocalFileStore(process.env.STORAGE_DIR ?? '.data/storage');
  return store;
}
