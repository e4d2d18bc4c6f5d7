import { afterEach, expect, test } from 'vitest';
import { DEFAULT_TIME_ZONE, formatTime, setDisplayTimeZone } from './format-time';

afterEach(() => setDisplayTimeZone(DEFAULT_TIME_ZONE));

test('times show in China time by default, whatever zone the machine is in', () => {
  expect(formatTime('2024-05-01T01:30:00Z')).toBe('2024-05-01 09:30');
  expect(formatTime('2024-05-01T16:30:05.123Z', 'precise')).toBe('2024-05-02 00:30:05.123');
  expect(formatTime('2024-05-01T01:30:00Z', 'dayTime')).toBe('05-01 09:30');
});

test('the zone is configurable', () => {
  setDisplayTimeZone('Europe/Berlin');
  expect(formatTime('2024-05-01T01:30:00Z', 'dateTimeSeconds')).toBe('2024-05-01 03:30:00');
});

test('a bare date or wall time stays as written; empty values show the fallback', () => {
  setDisplayTimeZone('America/Los_Angeles');
  expect(formatTime('2024-05-01', 'date')).toBe('2024-05-01');
  expect(formatTime('2024-05-01 23:30')).toBe('2024-05-01 23:30');
  expect(formatTime('2024-05-01T23:30:00+08:00')).toBe('2024-05-01 08:30');
  expect(formatTime(null)).toBe('—');
  expect(formatTime(undefined, 'dateTime', '')).toBe('');
});
