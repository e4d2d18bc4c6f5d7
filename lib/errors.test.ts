import { expect, test } from 'vitest';
import { z } from 'zod';
import { AppError, ERROR_STATUS, toErrorResponse } from './errors';

test('every code maps to its status', () => {
  expect(new AppError('invalid_signature', 'bad sig').status).toBe(401);
  expect(new AppError('not_found', 'x').status).toBe(404);
  expect(new AppError('payload_too_large', 'x').status).toBe(413);
  for (const [code, status] of Object.entries(ERROR_STATUS)) {
    expect(toErrorResponse(new AppError(code as keyof typeof ERROR_STATUS, 'm')).status).toBe(status);
  }
});

test('an AppError becomes the envelope with code, message and request id', () => {
  const { status, body } = toErrorResponse(new AppError('forbidden', '需要管理员权限'), 'req-1');
  expect(status).toBe(403);
  expect(body).toEqual({ error: { code: 'forbidden', message: '需要管理员权限', requestId: 'req-1' } });
});

test('an unknown error is a generic 500 that leaks nothing', () => {
  const error = new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2');
  const { status, body } = toErrorResponse(error, 'req-2');
  expect(status).toBe(500);
  expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|hunter2|at /);
  expect(body.error.code).toBe('internal');
});

test('zod errors become validation_failed with field paths', () => {
  const parsed = z.object({ name: z.string(), age: z.number() }).safeParse({ age: 'x' });
  expect(parsed.success).toBe(false);
  if (parsed.success) return;
  const error = AppError.fromZod(parsed.error, 'body');
  expect(error.status).toBe(400);
  expect(error.issues?.map((i) => i.path)).toEqual(['body.name', 'body.age']);
});
