import { expect, test } from 'vitest';
import { instanceSnapshotSchema } from '@/lib/tasks/snapshot';
import { safeLink } from './safe-link';

test('javascript: and data: links from a source are dropped; http(s) and dingtalk:// kept', () => {
  for (const bad of [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    '\u0001javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    '/relative/path',
  ]) {
    expect(safeLink(bad), bad).toBeNull();
  }
  expect(safeLink('https://aflow.dingtalk.com/x?a=1')).toBe('https://aflow.dingtalk.com/x?a=1');
  expect(safeLink('dingtalk://dingtalkclient/page/link?url=x')).toBe(
    'dingtalk://dingtalkclient/page/link?url=x',
  );
});

test('the snapshot schema (every source goes through it at ingest) drops unsafe links', () => {
  const snapshot = instanceSnapshotSchema.parse({
    externalId: 'x',
    title: 't',
    status: 'running',
    pcUrl: 'javascript:alert(document.cookie)',
    mobileUrl: 'https://example.com/m',
    createdAt: '2026-01-01T00:00:00Z',
    sourceUpdatedAt: '2026-01-01T00:00:00Z',
    taskScope: 'full',
    tasks: [
      {
        externalTaskId: 't1',
        kind: 'approval',
        assigneeExternalId: 'u1',
        status: 'pending',
        receivedAt: '2026-01-01T00:00:00Z',
        pcUrl: 'data:text/html,hi',
      },
    ],
  });
  expect(snapshot.pcUrl).toBeNull();
  expect(snapshot.mobileUrl).toBe('https://example.com/m');
  expect(snapshot.tasks[0]?.pcUrl).toBeNull();
});
