import { expect, test } from 'vitest';
import { neighbour } from './neighbour';

const list = ['a', 'b', 'c'].map((instanceId) => ({ instanceId }));

test('n and p move through the pending list', () => {
  expect(neighbour(list, 'b', 1)?.instanceId).toBe('c');
  expect(neighbour(list, 'b', -1)?.instanceId).toBe('a');
  expect(neighbour(list, 'a', -1)).toBeUndefined();
});

test('after acting on the last task, n goes to another task, not nowhere', () => {
  // The list fetched before the action still holds this instance, at its end.
  expect(neighbour(list, 'c', 1)?.instanceId).toBe('a');
  // The list fetched after the action no longer holds it.
  expect(neighbour([{ instanceId: 'a' }], 'c', 1)?.instanceId).toBe('a');
});

test('n never returns the instance on screen', () => {
  expect(neighbour([{ instanceId: 'a' }], 'a', 1)).toBeUndefined();
  expect(neighbour([], 'a', 1)).toBeUndefined();
});
