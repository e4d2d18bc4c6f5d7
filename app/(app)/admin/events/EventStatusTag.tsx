import { Tag } from 'antd';
import { useT } from '@/lib/i18n/locale-context';

/** Inbound event statuses and their colours; the labels are `ops:events.status.<status>`. */
export const EVENT_STATUS_COLOR = {
  received: 'default',
  processing: 'processing',
  processed: 'success',
  failed: 'warning',
  rejected: 'default',
  dead: 'error',
} as const;

export type EventStatus = keyof typeof EVENT_STATUS_COLOR;

export function isEventStatus(s: string): s is EventStatus {
  return s in EVENT_STATUS_COLOR;
}

/** An inbound event's status as the event log shows it. */
export function EventStatusTag({ status }: { status: string }) {
  const t = useT('ops');
  if (!isEventStatus(status)) return <Tag>{status}</Tag>;
  return <Tag color={EVENT_STATUS_COLOR[status]}>{t(`events.status.${status}`)}</Tag>;
}
