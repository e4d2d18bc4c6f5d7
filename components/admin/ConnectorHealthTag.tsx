'use client';

import { Badge, Space, Tooltip, Typography, theme } from 'antd';
import { formatTime } from '@/lib/client/format-time';
import type { ConnectorDetail } from '@/lib/client/queries/use-connectors';
import { useT } from '@/lib/i18n/locale-context';

const STREAM_BADGE = { connected: 'success', connecting: 'processing', disconnected: 'error' } as const;

/** A connector's health as the worker reports it (connectors.health); HTTP mode has no connection state. */
export function ConnectorHealthTag({ connector }: { connector: ConnectorDetail }) {
  const t = useT('stream');
  const { token } = theme.useToken();
  const { health, enabled } = connector;
  // Only kinds with a delivery mode (DingTalk: Stream or HTTP) have connection settings here.
  const settings = 'settings' in connector ? connector.settings : null;
  if (!enabled) return <Badge status="default" text={t('tag.disabled')} />;
  const lastEvent = health.lastEventAt
    ? t('tag.lastEvent', { time: formatTime(health.lastEventAt, 'dayTimeSeconds') })
    : null;
  const badge =
    settings?.deliveryMode === 'stream' && health.streamState ? (
      <Badge status={STREAM_BADGE[health.streamState]} text={`Stream ${t(`state.${health.streamState}`)}`} />
    ) : settings?.deliveryMode === 'stream' ? (
      <Badge status="default" text={t('tag.notConnected')} />
    ) : (
      <Badge
        status={health.lastError ? 'warning' : 'success'}
        text={t(settings ? 'tag.httpCallback' : 'tag.ok')}
      />
    );
  return (
    <Space size={token.marginXXS} wrap>
      {health.lastError ? <Tooltip title={health.lastError}>{badge}</Tooltip> : badge}
      {lastEvent && (
        <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
          {lastEvent}
        </Typography.Text>
      )}
    </Space>
  );
}
