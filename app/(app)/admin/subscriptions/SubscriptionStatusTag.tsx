'use client';

import { Tag, Tooltip } from 'antd';
import type { DeliveryView, SubscriptionView } from '@/lib/client/queries/use-subscriptions';
import { useT } from '@/lib/i18n/locale-context';

export function SubscriptionStatusTag({ subscription: s }: { subscription: SubscriptionView }) {
  const t = useT('subscriptions');
  if (s.enabled) {
    return s.consecutiveFailures > 0 ? (
      <Tooltip title={t('status.failingHint', { n: s.consecutiveFailures })}>
        <Tag color="warning">{t('status.failing')}</Tag>
      </Tooltip>
    ) : (
      <Tag color="success">{t('status.active')}</Tag>
    );
  }
  return (
    <Tag color={s.pausedReason === 'auto' ? 'error' : 'default'}>
      {t(s.pausedReason === 'auto' ? 'status.autoPaused' : 'status.paused')}
    </Tag>
  );
}

const DELIVERY_COLOR: Record<DeliveryView['status'], string> = {
  pending: 'processing',
  sending: 'processing',
  delivered: 'success',
  failed: 'warning',
  dead: 'error',
};

/** A delivery's status; `isHeld`: its subscription is paused, so a pending or failed one waits for resume. */
export function DeliveryStatusTag({
  status,
  isHeld = false,
}: {
  status: DeliveryView['status'];
  isHeld?: boolean;
}) {
  const t = useT('subscriptions');
  if (isHeld && (status === 'pending' || status === 'failed')) return <Tag>{t('delivery.held')}</Tag>;
  return <Tag color={DELIVERY_COLOR[status]}>{t(`delivery.${status}`)}</Tag>;
}
