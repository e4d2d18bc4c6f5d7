'use client';

import { Space, Typography, theme } from 'antd';
import { formatTime } from '@/lib/client/format-time';
import type { ConnectorDetail } from '@/lib/client/queries/use-connectors';
import { useT } from '@/lib/i18n/locale-context';

const time = (v: string | null | undefined) => (v ? formatTime(v, 'dateTimeSeconds') : null);

/** What the worker reports about a Stream-mode connector's connection (connectors.health.stream). */
export function StreamConnectionDetails({ health }: { health: ConnectorDetail['health'] }) {
  const t = useT('stream');
  const { token } = theme.useToken();
  const stream = health.stream;
  if (!stream) return <Typography.Text type="secondary">{t('noReport')}</Typography.Text>;
  const rows: [string, React.ReactNode][] = [];
  const since = time(stream.connectedSince);
  if (health.streamState === 'connected' && since) rows.push([t('connectedSince'), since]);
  rows.push([t('reconnectAttempts'), stream.reconnectAttempts]);
  const next = time(stream.nextRetryAt);
  if (health.streamState !== 'connected' && next) rows.push([t('nextRetryAt'), next]);
  if (stream.lastError)
    rows.push([
      t('lastError'),
      <Typography.Text key="error" type={health.streamState === 'connected' ? 'secondary' : 'danger'}>
        {stream.lastError}
      </Typography.Text>,
    ]);
  rows.push([t('updatedAt'), time(stream.changedAt)]);
  return (
    <Space orientation="vertical" size={token.marginXXS} data-testid="stream-connection">
      {rows.map(([label, value]) => (
        <span key={label}>
          <Typography.Text type="secondary">{t('common:labelValue', { label })}</Typography.Text>
          {value}
        </span>
      ))}
    </Space>
  );
}
