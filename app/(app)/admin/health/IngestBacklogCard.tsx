'use client';

import { Card, Space, Statistic, Typography } from 'antd';
import { useSyncHealth } from '@/lib/client/queries/use-operations';
import { useT } from '@/lib/i18n/locale-context';

/** Seconds (or minutes, hours) since `iso`, for the backlog's age. */
function ageOf(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * The inbound log as a buffer: how many stored events the worker has not processed yet, over all connectors,
 * and how long the oldest has waited (acks do not wait for it; this is where a lagging worker shows).
 */
export function IngestBacklogCard() {
  const t = useT('ops');
  const health = useSyncHealth();
  const all = health.data ?? [];
  const waiting = all.reduce((n, c) => n + c.backlog, 0);
  const oldest = all
    .map((c) => c.oldestBacklogAt)
    .filter((v): v is string => v !== null)
    .sort()[0];
  // The age is as of the last refresh of the health figures.
  const now = health.dataUpdatedAt || Date.now();
  return (
    <Card size="small" title={t('health.ingest.title')} data-testid="ingest-backlog">
      <Typography.Paragraph type="secondary">{t('health.ingest.hint')}</Typography.Paragraph>
      {waiting === 0 ? (
        <Typography.Text data-testid="ingest-backlog-none">{t('health.ingest.none')}</Typography.Text>
      ) : (
        <Space size="large" wrap>
          <Statistic title={t('health.ingest.waiting')} value={waiting} />
          {oldest && <Statistic title={t('health.ingest.age')} value={ageOf(oldest, now)} />}
        </Space>
      )}
    </Card>
  );
}
