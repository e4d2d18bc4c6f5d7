import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';

/** A pass-through that hashes (sha256) and counts the bytes flowing through it, for any storage backend. */
export function createMeter(): { stream: Transform; result(): { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  let digest: string | undefined;
  return {
    stream,
    result() {
      digest ??= hash.digest('hex');
      return { size, sha256: digest };
    },
  };
}

/** A Node Readable from either a Node or a WHATWG stream (fetch bodies are the latter). */
export function toNodeReadable(body: ReadableStream<Uint8Array> | Readable): Readable {
  return body instanceof Readable ? body : Readable.fromWeb(body as import('node:stream/web').ReadableStream);
}
