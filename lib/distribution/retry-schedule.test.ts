import { expect, test } from 'vitest';
import { JOBS } from '@/lib/jobs/definitions';
import { retrySchedule } from './retry-schedule';

const HOUR = 3600;

test('deliver-event retries with exponential backoff for about 24 hours, then gives up', () => {
  const { retryLimit = 0, retryDelay = 0, retryBackoff } = JOBS['deliver-event'].queue;
  expect(retryBackoff).toBe(true);
  const { waits, total } = retrySchedule({ retryLimit, retryDelay });
  expect(waits).toHaveLength(10);
  // Each wait doubles: about a minute first, 8–16 h before the last attempt.
  expect(waits[0]).toEqual({ min: 56, max: 112 });
  for (let i = 1; i < waits.length; i++) expect(waits[i]?.min).toBe(2 * (waits[i - 1]?.min ?? 0));
  expect(waits.at(-1)?.min).toBeGreaterThan(7 * HOUR);
  // The whole schedule: ~24 h on average (pg-boss adds up to 100 % jitter per wait).
  expect(total.mean / HOUR).toBeGreaterThan(23);
  expect(total.mean / HOUR).toBeLessThan(25);
  expect(total.min / HOUR).toBeGreaterThan(15);
  expect(total.max / HOUR).toBeLessThan(32);
});
