import { expect, test } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { route } from './route';

const handler = route({
  auth: 'public',
  params: z.object({ id: z.string().regex(/^\d+$/) }),
  body: z.strictObject({ name: z.string().min(1), count: z.number().int() }),
  maxBodyBytes: 1024,
  handler: async ({ params, body }) => ({ id: params.id, ...body }),
});

function call(init: { id?: string; body?: string; type?: string }) {
  const request = new Request('http://localhost/api/things/1', {
    method: 'POST',
    headers: { 'content-type': init.type ?? 'application/json', 'x-request-id': 'req-42' },
    body: init.body,
  });
  return handler(request, { params: Promise.resolve({ id: init.id ?? '7' }) });
}

test('a valid request reaches the handler and carries the request id', async () => {
  const response = await call({ body: JSON.stringify({ name: '报销', count: 2 }) });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-request-id')).toBe('req-42');
  expect(await response.json()).toEqual({ id: '7', name: '报销', count: 2 });
});

test('field errors answer 400 validation_failed with every path', async () => {
  const response = await call({ body: JSON.stringify({ name: '', count: 1.5, extra: true }) });
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.requestId).toBe('req-42');
  expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
    'body',
    'body.count',
    'body.name',
  ]);
});

test('bad params, bad JSON, wrong content type, empty and oversized bodies each get their own 4xx', async () => {
  expect((await call({ id: 'abc', body: '{}' })).status).toBe(400);
  const invalid = await call({ body: '{"name":' });
  expect(invalid.status).toBe(400);
  expect((await invalid.json()).error.code).toBe('invalid_json');
  const wrongType = await call({ body: 'name=x', type: 'application/x-www-form-urlencoded' });
  expect(wrongType.status).toBe(415);
  expect((await call({ body: '' })).status).toBe(400);
  const big = await call({ body: JSON.stringify({ name: 'x'.repeat(2000), count: 1 }) });
  expect(big.status).toBe(413);
  expect((await big.json()).error.code).toBe('payload_too_large');
});

test('AppErrors keep their status; anything else is a 500 without the message or a stack', async () => {
  const gone = route({
    auth: 'public',
    handler: async () => {
      throw new AppError('not_found', '任务不存在');
    },
  });
  const crash = route({
    auth: 'public',
    handler: async () => {
      throw new Error('relation "secret_table" does not exist');
    },
  });
  const ctx = { params: Promise.resolve({}) };
  const notFound = await gone(new Request('http://localhost/api/x'), ctx);
  expect(notFound.status).toBe(404);
  expect((await notFound.json()).error).toMatchObject({ code: 'not_found', message: '任务不存在' });
  const failed = await crash(new Request('http://localhost/api/x'), ctx);
  expect(failed.status).toBe(500);
  const text = await failed.text();
  expect(text).not.toMatch(/secret_table|\n\s+at /);
  expect(JSON.parse(text).error.code).toBe('internal');
});
