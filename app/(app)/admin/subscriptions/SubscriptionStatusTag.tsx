'use client';

import { Tag, Tooltip } from 'antd';
import { useLocale } from '@/components/providers/LocaleProvider';
import type { DeliveryView, SubscriptionView } from '@/lib/client/queries/use-subscriptions';

export function SubscriptionStatusTag({ subscription: s }: { subscription: SubscriptionView }) {
  const { t } = useLocale();
  if (s.enabled) {
    return s.consecutiveFailures > 0 ? (
      <Tooltip title={t('dist.status.failingHint', { n: s.consecutiveFailures })}>
        <Tag color="warning">{t('dist.status.failing')}</Tag>
      </Tooltip>
    ) : (
      <Tag color="success">{t('dist.status.active')}</Tag>
    );
  }
  return (
    <Tag color={s.pausedReason === 'auto' ? 'error' : 'default'}>
      {t(s.pausedReason === 'auto' ? 'dist.status.autoPaused' : 'dist.status.paused')}
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
  const { t } = useLocale();
  if (isHeld && (status === 'pending' || status === 'failed')) return <Tag>{t('dist.delivery.held')}</Tag>;
  return <Tag color={DELIVERY_COLOR[status]}>{t(`dist.delivery.${status}`)}</Tag>;
}
