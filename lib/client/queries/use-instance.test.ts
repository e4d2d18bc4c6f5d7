import { describe, expect, it } from 'vitest';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { INSTANCE_REFRESH, inFlightKey, instanceRefreshInterval } from './use-instance';

const file = (id: string, isAvailable: boolean) => ({
  id,
  fileName: `${id}.pdf`,
  fileSize: 1,
  fileType: 'application/pdf',
  isAvailable,
});

function detail(
  parts: Partial<Pick<InstanceDetail, 'attachments' | 'logs' | 'myActions'>> = {},
): InstanceDetail {
  return { attachments: [], logs: [], myActions: [], ...parts } as unknown as InstanceDetail;
}

const log = (attachments: ReturnType<typeof file>[]) => ({
  id: 'l1',
  actorName: null,
  action: 'comment',
  targets: [],
  result: null,
  remark: null,
  nodeName: null,
  occurredAt: '2025-01-01T00:00:00Z',
  attachments,
});

const action = (id: string, writeBackStatus: string) => ({
  id,
  taskId: null,
  action: 'agree',
  remark: null,
  writeBackStatus,
  lastError: null,
  attempts: 0,
  createdAt: '2025-01-01T00:00:00Z',
});

describe('instance page refresh', () => {
  it('keeps refreshing calmly when nothing is in flight, so new log steps appear', () => {
    const done = detail({ attachments: [file('f1', true)], myActions: [action('a1', 'confirmed')] });
    expect(inFlightKey(done)).toBe('');
    expect(instanceRefreshInterval(done, 0)).toBe(INSTANCE_REFRESH.calmMs);
    expect(INSTANCE_REFRESH.calmMs).toBeGreaterThanOrEqual(15_000);
    expect(INSTANCE_REFRESH.calmMs).toBeLessThanOrEqual(30_000);
  });

  it('refreshes quickly while a form or log-step attachment is not copied yet', () => {
    const form = detail({ attachments: [file('f1', false)] });
    const step = detail({ logs: [log([file('f2', false)])] });
    expect(instanceRefreshInterval(form, 0)).toBe(INSTANCE_REFRESH.busyMs);
    expect(instanceRefreshInterval(step, 0)).toBe(INSTANCE_REFRESH.busyMs);
  });

  it('refreshes quickly while a write-back is pending', () => {
    expect(instanceRefreshInterval(detail({ myActions: [action('a1', 'pending')] }), 0)).toBe(
      INSTANCE_REFRESH.busyMs,
    );
  });

  it('slows down when the same thing stays in flight (a copy that failed for good)', () => {
    const stuck = detail({ attachments: [file('f1', false)] });
    expect(instanceRefreshInterval(stuck, INSTANCE_REFRESH.busyForMs)).toBe(INSTANCE_REFRESH.lingeringMs);
    expect(instanceRefreshInterval(stuck, INSTANCE_REFRESH.lingeringForMs)).toBe(INSTANCE_REFRESH.calmMs);
  });

  it('names what is in flight, so a new pending item restarts the fast refresh', () => {
    const one = detail({ attachments: [file('f1', false)] });
    const two = detail({ attachments: [file('f1', false)], myActions: [action('a2', 'pending')] });
    expect(inFlightKey(one)).not.toBe(inFlightKey(two));
    expect(instanceRefreshInterval(undefined, 0)).toBe(false);
  });
});
