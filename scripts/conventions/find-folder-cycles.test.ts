import { expect, test } from 'vitest';
import { findFolderCycles, graphFromDpdm } from './find-folder-cycles';

test('two folders importing each other through different files are a cycle', () => {
  const graph = {
    'lib/tasks/write-back.ts': ['lib/inbound/refresh.ts'],
    'lib/inbound/refresh.ts': ['lib/tasks/apply-snapshot.ts'],
    'lib/tasks/apply-snapshot.ts': [],
  };
  expect(findFolderCycles(graph)).toEqual([
    'folder cycle: lib/inbound, lib/tasks\n' +
      '    lib/inbound → lib/tasks (lib/inbound/refresh.ts → lib/tasks/apply-snapshot.ts)\n' +
      '    lib/tasks → lib/inbound (lib/tasks/write-back.ts → lib/inbound/refresh.ts)',
  ]);
});

test('a longer loop through three folders is found once', () => {
  const graph = { 'lib/a/x.ts': ['lib/b/y.ts'], 'lib/b/y.ts': ['lib/c/z.ts'], 'lib/c/z.ts': ['lib/a/w.ts'] };
  const cycles = findFolderCycles(graph);
  expect(cycles).toHaveLength(1);
  expect(cycles[0]).toMatch(/^folder cycle: lib\/a, lib\/b, lib\/c\n/);
});

test('layers that only import downwards, subfolders and tests pass', () => {
  const graph = {
    'lib/sync/write-back.ts': ['lib/tasks/write/apply-snapshot.ts', 'lib/connectors/registry.ts'],
    'lib/tasks/write/apply-snapshot.ts': ['lib/tasks/snapshot.ts'],
    'lib/tasks/snapshot.ts': [],
    // A test may import from anywhere: it is nobody's dependency.
    'lib/tasks/snapshot.test.ts': ['lib/sync/write-back.ts'],
    'app/api/x/route.ts': ['lib/sync/write-back.ts'],
  };
  expect(findFolderCycles(graph)).toEqual([]);
});

test('dpdm JSON becomes a file graph; unresolved imports are dropped', () => {
  const json = { tree: { 'lib/a/x.ts': [{ id: 'lib/b/y.ts' }, { id: null }], 'lib/b/y.ts': null } };
  expect(graphFromDpdm(json)).toEqual({ 'lib/a/x.ts': ['lib/b/y.ts'], 'lib/b/y.ts': [] });
});
