'use client';

import { Alert, Descriptions, Progress, Space, Typography, theme } from 'antd';
import { useEffect, useRef } from 'react';
import { useOperation } from '@/lib/client/queries/use-operations';

const RESULT_LABELS: Record<string, string> = {
  events: '事件数',
  instances: '实例数',
  applied: '已应用',
  notFound: '来源已无此实例',
  skipped: '已跳过',
  failed: '失败',
  checked: '已检查',
  repaired: '已修复',
  created: '新补录',
  unchanged: '无变化',
  gone: '来源已删除',
  errors: '出错',
};

const KIND_LABEL = { replay: '重放', resync: '重新同步' } as const;
const STATUS_LABEL = { queued: '排队中', running: '进行中', done: '已完成', failed: '失败' } as const;

/** A replay/resync's progress bar, polled until it ends, then its result summary. */
export function OperationProgress({
  operationId,
  onFinished,
}: {
  operationId: string;
  /** Called once when the operation ends (e.g. to refresh the list it changed). */
  onFinished?: () => void;
}) {
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
      direction="vertical"
      style={{ width: '100%' }}
      size={token.marginXS}
      data-testid="operation-progress"
    >
      <Typography.Text>
        {KIND_LABEL[data.kind]} · <span data-testid="operation-status">{STATUS_LABEL[data.status]}</span>
        {data.total !== null && (
          <Typography.Text type="secondary">
            {' '}
            （{data.done} / {data.total}
            {data.failed > 0 ? `，失败 ${data.failed}` : ''}）
          </Typography.Text>
        )}
      </Typography.Text>
      <Progress percent={percent} status={status} />
      {data.error && <Alert type="error" showIcon title={data.error} />}
      {data.result && (
        <Descriptions size="small" column={3} bordered>
          {Object.entries(data.result).map(([k, v]) => (
            <Descriptions.Item key={k} label={RESULT_LABELS[k] ?? k}>
              {String(v)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Space>
  );
}
