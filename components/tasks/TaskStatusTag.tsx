'use client';

import { Tag } from 'antd';
import { useT } from '@/lib/i18n/locale-context';

/**
 * Task statuses (pending/acted/done/cancelled/deleted) and instance statuses (running/completed/terminated/
 * cancelled/deleted) share one label set, `status:<status>`: a task no longer needed is 已取消, an instance the
 * originator revoked (DingTalk TERMINATED, the local engine's revoke) is 已撤销, one an admin ended is 已取消.
 */
export const STATUS_COLOR = {
  pending: 'processing',
  acted: 'cyan',
  done: 'success',
  cancelled: 'default',
  deleted: 'default',
  running: 'processing',
  completed: 'success',
  terminated: 'default',
} as const;
const RESULT_COLOR = { agree: 'success', refuse: 'error', redirect: 'purple' } as const;

export type StatusKey = keyof typeof STATUS_COLOR;

export function isStatusKey(s: string): s is StatusKey {
  return s in STATUS_COLOR;
}

/** The one mapping of task/instance status (and result) → label and colour, so every page shows a status alike. */
export function TaskStatusTag({ status, result }: { status: string; result?: string | null }) {
  const t = useT('status');
  if ((status === 'done' || status === 'completed') && result && result in RESULT_COLOR) {
    const r = result as keyof typeof RESULT_COLOR;
    return <Tag color={RESULT_COLOR[r]}>{t(`result.${r}`)}</Tag>;
  }
  if (!isStatusKey(status)) return <Tag>{status}</Tag>;
  return <Tag color={STATUS_COLOR[status]}>{t(status)}</Tag>;
}
