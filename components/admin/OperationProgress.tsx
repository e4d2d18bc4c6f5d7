'use client';

import { Descriptions, Progress, Space, Typography, theme } from 'antd';
import { useEffect, useRef } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { useOperation } from '@/lib/client/queries/use-operations';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useServerMessage, useT } from '@/lib/i18n/locale-context';

const COUNTS = new Set([
  'events',
  'instances',
  'applied',
  'notFound',
  'skipped',
  'failed',
  'checked',
  'repaired',
  'created',
  'unchanged',
  'gone',
  'errors',
]);

/** A replay/resync's progress bar, polled until it ends, then its result summary. */
export function OperationProgress({
  operationId,
  onFinished,
}: {
  operationId: string;
  /** Called once when the operation ends (e.g. to refresh the list it changed). */
  onFinished?: () => void;
}) {
  const t = useT('ops');
  const serverMessage = useServerMessage();
  const { token } = theme.useToken();
  const { data } = useOperation(operationId);
  const isFinished = data?.status === 'done' || data?.status === 'failed';
  // Once per operation, however often the parent re-renders with a new callback.
  const notified = useRef<string | null>(null);
  useEffect(() => {
    if (isFinished && notified.current !== operationId) {
      notified.current = operationId;
      onFinished?.();
    }
  }, [isFinished, operationId, onFinished]);
  if (!data) return <Progress percent={0} status="active" />;
  const percent = data.total
    ? Math.round((Math.min(data.done, data.total) / data.total) * 100)
    : data.status === 'done'
      ? 100
      : 0;
  const status = data.status === 'failed' ? 'exception' : data.status === 'done' ? 'success' : 'active';
  return (
    <Space
      orientation="vertical"
      style={{ width: '100%' }}
      size={token.marginXS}
      data-testid="operation-progress"
    >
      <Typography.Text>
        {t(`operation.kind.${data.kind}`)} ·{' '}
        <span data-testid="operation-status">{t(`operation.status.${data.status}`)}</span>
        {data.total !== null && (
          <Typography.Text type="secondary">
            {' '}
            {t('operation.progress', {
              done: data.done,
              total: data.total,
              failed: data.failed > 0 ? t('operation.failedCount', { n: data.failed }) : '',
            })}
          </Typography.Text>
        )}
      </Typography.Text>
      <Progress percent={percent} status={status} />
      <LoadingError error={data.error && serverMessage(data.error)} />
      {data.result && (
        <Descriptions size="small" column={3} bordered>
          {Object.entries(data.result).map(([k, v]) => (
            <Descriptions.Item
              key={k}
              label={COUNTS.has(k) ? t(`operation.count.${k}` as MessageKey<'ops'>) : k}
            >
              {String(v)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Space>
  );
}
