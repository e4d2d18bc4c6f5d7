import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createMeter, toNodeReadable } from './meter';
import { type FileStore, StoredFileMissingError } from './types';

export type S3FileStoreConfig = {
  bucket: string;
  region: string;
  /** An S3-compatible endpoint (MinIO, OSS, COS, R2…); unset = AWS S3. */
  endpoint?: string;
  /** Unset: the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle?: boolean;
  /** Multipart part size in bytes (S3's minimum is 5 MiB). */
  partSize?: number;
  /** Parts in flight at once; memory per upload is about partSize × queueSize. */
  queueSize?: number;
};

/** Storage keys of this backend carry their bucket, so a file stays readable after the default bucket changes. */
export const S3_KEY_SCHEME = 's3://';

export function parseS3StorageKey(storageKey: string): { bucket: string; key: string } {
  const rest = storageKey.slice(S3_KEY_SCHEME.length);
  const slash = rest.indexOf('/');
  if (!storageKey.startsWith(S3_KEY_SCHEME) || slash <= 0 || slash === rest.length - 1)
    throw new Error('invalid S3 storage key');
  return { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}

/**
 * Attachment storage in an S3-compatible bucket. Uploads go through `@aws-sdk/lib-storage` (multipart with
 * a bounded part size and queue), with sha256 and size computed on the way through; downloads stream the
 * object body. Memory stays flat whatever the file size.
 */
export function createS3FileStore(config: S3FileStoreConfig): FileStore {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle ?? false,
    credentials: config.credentials,
    // Newer SDKs add CRC checksums to every request by default; many S3-compatible services reject them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const partSize = Math.max(config.partSize ?? 8 * 1024 * 1024, 5 * 1024 * 1024);
  const queueSize = config.queueSize ?? 2;

  return {
    async put(body, { prefix }) {
      const key = `${prefix.replace(/[^a-zA-Z0-9_-]/g, '_')}/${randomUUID()}`;
      const source = toNodeReadable(body);
      const meter = createMeter();
      const upload = new Upload({
        client,
        params: { Bucket: config.bucket, Key: key, Body: meter.stream },
        partSize,
        queueSize,
        // Abort the multipart upload on failure so no orphaned parts stay billed.
        leavePartsOnError: false,
      });
      try {
        await Promise.all([pipeline(source, meter.stream), upload.done()]);
      } catch (error) {
        source.destroy();
        meter.stream.destroy();
        await upload.abort().catch(() => {});
        throw error;
      }
      return { storageKey: `${S3_KEY_SCHEME}${config.bucket}/${key}`, ...meter.result() };
    },
    async open(storageKey) {
      const { bucket, key } = parseS3StorageKey(storageKey);
      const object = await client
        .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        .catch((error: { name?: string; $metadata?: { httpStatusCode?: number } }) => {
          const isMissing = error.name === 'NoSuchKey' || error.$metadata?.httpStatusCode === 404;
          throw isMissing ? new StoredFileMissingError(storageKey) : error;
        });
      if (!object.Body) throw new Error('S3 object has no body');
      // In Node the body is an IncomingMessage: a Readable that streams straight from the socket.
      return { stream: object.Body as Readable, size: Number(object.ContentLength ?? 0) };
    },
    async remove(storageKey) {
      const { bucket, key } = parseS3StorageKey(storageKey);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}
