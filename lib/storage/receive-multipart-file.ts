import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError } from '@/lib/errors';
import type { StoredObject } from './types';

export type ReceivedFile = { fileName: string; mimeType: string; stored: StoredObject };

export type ReceiveOptions = {
  /** The multipart field that carries the file; other fields and files are skipped. */
  field: string;
  /** Whole request body (framing and skipped parts included). */
  maxBodyBytes: number;
  /** The file's bytes: over it, `tooLarge()` aborts the upload while it is being read. */
  maxFileBytes: number;
  tooLarge: () => AppError;
  /** Writes the file's bytes to storage as they arrive; must remove what it wrote when the stream fails. */
  store: (file: Readable) => Promise<StoredObject>;
  /** Removes a stored file again (the body failed after the file part was complete). */
  discard: (stored: StoredObject) => Promise<void>;
};

/**
 * Streams the one file of a multipart/form-data body into storage (busboy), never holding the file in memory.
 * Limits are enforced on the bytes as they arrive: the moment the file passes `maxFileBytes` (or the body
 * `maxBodyBytes`), the file stream fails, the store drops its partial object, the request body is cancelled
 * and the caller gets the AppError, so the client is answered 413 while it is still sending.
 */
export async function receiveMultipartFile(
  body: ReadableStream<Uint8Array>,
  contentType: string,
  options: ReceiveOptions,
): Promise<ReceivedFile> {
  const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 40, fileSize: options.maxFileBytes + 1 },
    });
  } catch {
    source.destroy();
    throw new AppError('bad_request', '无法读取上传的文件（multipart 边界缺失）');
  }
  // Failures reach the caller through pipeline() below; tearing down streams that already failed must not
  // surface again as uncaught errors.
  source.on('error', () => {});
  parser.on('error', () => {});
  type Received = { fileName: string; mimeType: string; stream: Readable; stored: Promise<StoredObject> };
  let received: Received | null = null;
  parser.on('file', (field, stream, info) => {
    // Destroying the parser destroys its open file stream with the same error (already handled).
    stream.on('error', () => {});
    if (field !== options.field || received) {
      stream.resume();
      return;
    }
    const limited = stream.pipe(byteLimit(options.maxFileBytes, options.tooLarge));
    // Its failure reaches the caller through `stored`; a second destroy() must not become an uncaught error.
    limited.on('error', () => {});
    // busboy's own fileSize limit only truncates; ours fails the stream (never store a cut-off file).
    stream.once('limit', () => limited.destroy(options.tooLarge()));
    const stored = options.store(limited);
    // A failed store (over the limit, disk full) stops reading the request at once.
    stored.catch((error: unknown) => {
      stream.resume();
      source.destroy(asError(error));
      parser.destroy(asError(error));
    });
    received = { fileName: info.filename ?? '', mimeType: info.mimeType, stream: limited, stored };
  });
  let failure: unknown = null;
  try {
    await pipeline(source, byteLimit(options.maxBodyBytes, options.tooLarge), parser);
  } catch (error) {
    failure = error;
  }
  // Assigned in the 'file' listener, which TypeScript cannot follow.
  const file = received as Received | null;
  if (failure) {
    // Tear the file stream down too, and wait for the store to drop its partial object before answering.
    file?.stream.destroy(asError(failure));
    const late = await file?.stored.catch(() => null);
    // The body broke after the file part had been stored completely: nothing is kept on a refused upload.
    if (late) await options.discard(late).catch(() => {});
    throw toAppError(failure);
  }
  if (!file) throw new AppError('bad_request', `缺少文件（字段 ${options.field}）`);
  try {
    return { fileName: file.fileName, mimeType: file.mimeType, stored: await file.stored };
  } catch (error) {
    throw toAppError(error);
  }
}

function byteLimit(maxBytes: number, tooLarge: () => AppError): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) done(tooLarge());
      else done(null, chunk);
    },
  });
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.cause instanceof AppError) return error.cause;
  return new AppError('bad_request', '无法读取上传的文件');
}
