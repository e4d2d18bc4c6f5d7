import { expect, test } from 'vitest';
import { AdapterError } from '@/lib/connectors/types';
import { classifyFailure } from './classify-failure';

test('a source refusal (AdapterError, not retryable) is final on any attempt', () => {
  const refusal = new AdapterError('task already finished', { retryable: false });
  expect(classifyFailure(refusal, { isFinalAttempt: false })).toEqual({
    isRetryable: false,
    willRetry: false,
    reason: 'task already finished',
  });
});

test('throttling (AdapterError, retryable) is retried while attempts are left', () => {
  const throttled = new AdapterError('throttled', { retryable: true });
  expect(classifyFailure(throttled, { isFinalAttempt: false })).toMatchObject({
    isRetryable: true,
    willRetry: true,
  });
  expect(classifyFailure(throttled, { isFinalAttempt: true })).toMatchObject({
    isRetryable: true,
    willRetry: false,
  });
});

test('any other error (network, database, bug) is retryable', () => {
  expect(classifyFailure(new Error('ECONNRESET'), { isFinalAttempt: false })).toEqual({
    isRetryable: true,
    willRetry: true,
    reason: 'ECONNRESET',
  });
  expect(classifyFailure('boom', { isFinalAttempt: true })).toEqual({
    isRetryable: true,
    willRetry: false,
    reason: 'boom',
  });
});
