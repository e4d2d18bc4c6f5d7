import { NextRequest } from 'next/server';
import { AppError } from '@/lib/errors';

type Handler<C> = (request: Request, context: C) => Promise<Response> | Response;

/**
 * Caps the body of a handler that does not go through route() (next-auth's endpoints): a declared
 * Content-Length above `maxBytes` is refused before anything is read, and a chunked body is read only up to
 * `maxBytes` and then cancelled, so a multi-GB POST gets 413 at once and never sits in the web process's memory.
 * The handler gets a copy of the request with the (small) body buffered.
 */
export function withBodyLimit<C>(maxBytes: number, handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    if (request.method === 'GET' || request.method === 'HEAD' || !request.body) {
      return handler(request, context);
    }
    let body: Uint8Array;
    try {
      body = await readAtMost(request, maxBytes);
    } catch (error) {
      if (error instanceof AppError) {
        return Response.json(
          { error: { code: error.code, message: error.message } },
          { status: error.status, headers: { connection: 'close' } },
        );
      }
      throw error;
    }
    // A NextRequest again: next-auth reads `nextUrl`.
    const copy = new NextRequest(request.url, {
      method: request.method,
      headers: request.headers,
      body: body as BodyInit,
      signal: request.signal,
    });
    return handler(copy, context);
  };
}

/** The body, or AppError('payload_too_large') as soon as it is known to exceed `maxBytes`. */
export async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const tooLarge = () => new AppError('payload_too_large', `Body larger than ${maxBytes} bytes`);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const reader = (request.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
