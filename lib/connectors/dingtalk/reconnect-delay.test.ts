import { expect, test } from 'vitest';
import { DEFAULT_RECONNECT_POLICY, reconnectDelay } from './stream-client';

test('reconnect delays double from 1 s up to the 60 s cap', () => {
  const middle = () => 0.5; // no jitter either way
  expect(
    [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => reconnectDelay(n, DEFAULT_RECONNECT_POLICY, middle)),
  ).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
});

test('jitter spreads each delay by ± 20 % and never passes the cap', () => {
  expect(reconnectDelay(1, DEFAULT_RECONNECT_POLICY, () => 0)).toBe(800);
  expect(reconnectDelay(1, DEFAULT_RECONNECT_POLICY, () => 0.999_999)).toBe(1200);
  expect(reconnectDelay(3, DEFAULT_RECONNECT_POLICY, () => 0)).toBe(3200);
  expect(reconnectDelay(10, DEFAULT_RECONNECT_POLICY, () => 0)).toBe(48_000);
  expect(reconnectDelay(10, DEFAULT_RECONNECT_POLICY, () => 0.999_999)).toBe(60_000);
  // Even the worst jitter keeps consecutive delays growing below the cap.
  for (let n = 1; n < 6; n++)
    expect(reconnectDelay(n + 1, DEFAULT_RECONNECT_POLICY, () => 0)).toBeGreaterThan(
      reconnectDelay(n, DEFAULT_RECONNECT_POLICY, () => 0.999_999),
    );
});

test('the policy is configurable', () => {
  const policy = {
    ...DEFAULT_RECONNECT_POLICY,
    initialDelayMs: 50,
    maxDelayMs: 300,
    multiplier: 3,
    jitter: 0,
  };
  expect([1, 2, 3, 4].map((n) => reconnectDelay(n, policy, Math.random))).toEqual([50, 150, 300, 300]);
});
