import type { Readable } from 'node:stream';

export type StoredObject = { storageKey: string; size: number; sha256: string };

/** The store has no file under this key (deleted by hand, a lost bucket…): callers answer 404, not 500. */
export class StoredFileMissingError extends Error {
  constructor(storageKey: string) {
    super(`no stored file under ${storageKey}`);
    this.name = 'StoredFileMissingError';
  }
}

/**
 * Attachment storage: a local directory (STORAGE_DIR, the default) or an S3-compatible bucket
 * (STORAGE_DRIVER=s3). Writes stream through a hash, never buffering a whole file (memory stays flat).
 */
export interface FileStore {
  put(body: ReadableStream<Uint8Array> | Readable, hint: { prefix: string }): Promise<StoredObject>;
  open(storageKey: string): Promise<{ stream: Readable; size: number }>;
  remove(storageKey: string): Promise<void>;
}
