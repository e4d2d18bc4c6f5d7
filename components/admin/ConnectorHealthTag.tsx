'use client';

import { Badge, Space, Tooltip, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import type { ConnectorDetail } from '@/lib/client/queries/use-connectors';

const STREAM_STATE = {
  connected: { status: 'success', text: '已连接' },
  connecting: { status: 'processing', text: '连接中' },
  disconnected: { status: 'error', text: '已断开' },
} as const;

/** A connector's health as the worker reports it (connectors.health); HTTP mode has no connection state. */
export function ConnectorHealthTag({ connector }: { connector: ConnectorDetail }) {
  const { token } = theme.useToken();
  const { health, enabled } = connector;
  // Only kinds with a delivery mode (DingTalk: Stream or HTTP) have connection settings here.
  const settings = 'settings' in connector ? connector.settings : null;
  if (!enabled) return <Badge status="default" text="已停用" />;
  const lastEvent = health.lastEventAt
    ? `最近事件 ${dayjs(health.lastEventAt).format('MM-DD HH:mm:ss')}`
    : null;
  const badge =
    settings?.deliveryMode === 'stream' && health.streamState ? (
      <Badge
        status={STREAM_STATE[health.streamState].status}
        text={`Stream ${STREAM_STATE[health.streamState].text}`}
      />
    ) : settings?.deliveryMode === 'stream' ? (
      <Badge status="default" text="Stream 未连接" />
    ) : (
      <Badge status={health.lastError ? 'warning' : 'success'} text={settings ? 'HTTP 回调' : '正常'} />
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
