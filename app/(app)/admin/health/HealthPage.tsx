'use client';

import { SyncOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Progress,
  Row,
  Segmented,
  Space,
  Tag,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import { MiniChart } from '@/components/admin/MiniChart';
import { type SourceKind, SourceTag } from '@/components/tasks/SourceTag';
import { type ConnectorSyncHealth, useEventSeries, useSyncHealth } from '@/lib/client/queries/use-operations';
import { useT } from '@/lib/i18n/locale-context';
import { ResyncModal } from './ResyncModal';

const STATUS = {
  ok: { color: 'success', text: '正常' },
  degraded: { color: 'warning', text: '降级' },
  down: { color: 'error', text: '故障' },
  disabled: { color: 'default', text: '已停用' },
} as const;

const REASONS: Record<string, string> = {
  stream_down: 'Stream 已断开超过 5 分钟',
  stream_not_connected: 'Stream 正在重连',
  backlog_stuck: '有事件等待超过 15 分钟',
  backlog_slow: '有事件等待超过 2 分钟',
  dead_letters: '存在死信事件',
  lag_high: '事件→任务延迟 p95 超过 30 秒',
  quota_exhausted: '本月 API 调用额度已用完',
  quota_near: '本月 API 调用额度即将用完',
  reconcile_errors: '最近一次对账有错误',
};

const STREAM = { connected: '已连接', connecting: '连接中', disconnected: '已断开' } as const;

const time = (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm:ss') : '—');
const ms = (v: number | null) => (v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);

/** 同步健康: per connector, the figures an operator checks first, with charts, and 重新同步. */
export function HealthPage() {
  const t = useT('ops');
  const health = useSyncHealth();
  const [resync, setResync] = useState<{ id: string; name: string } | null>(null);
  const all = health.data ?? [];
  const overall = all.some((c) => c.status === 'down')
    ? 'down'
    : all.some((c) => c.status === 'degraded')
      ? 'degraded'
      : 'ok';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('health.title')}
          </Typography.Title>
          <Space>
            <Typography.Text type="secondary">总体状态</Typography.Text>
            <Tag color={STATUS[overall].color} data-testid="overall-status">
              {STATUS[overall].text}
            </Tag>
          </Space>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          监控系统可读取公开的 /api/health（仅含状态与原因代码）。
        </Typography.Paragraph>
      </Card>
      {health.error && <Alert type="error" showIcon title={health.error.message} />}
      {!health.isLoading && all.length === 0 && <Empty description="尚未配置连接器" />}
      {all.map((c) => (
        <ConnectorCard key={c.id} c={c} onResync={() => setResync({ id: c.id, name: c.name })} />
      ))}
      <ResyncModal connector={resync} onClose={() => setResync(null)} />
    </Space>
  );
}

function ConnectorCard({ c, onResync }: { c: ConnectorSyncHealth; onResync: () => void }) {
  const { token } = theme.useToken();
  const [range, setRange] = useState<'1h' | '24h'>('1h');
  const series = useEventSeries(c.id, range);
  const canResync = c.kind === 'dingtalk' || c.kind === 'yida';
  const quotaPercent = c.apiQuota ? Math.min(100, Math.round((c.apiCalls / c.apiQuota) * 100)) : 0;
  const repaired = c.lastReconcile
    ? `修复 ${c.lastReconcile.staleRepaired ?? 0} · 补录 ${c.lastReconcile.missedCreated ?? 0} · 检查 ${c.lastReconcile.openChecked ?? 0}${c.lastReconcile.errors ? ` · 错误 ${c.lastReconcile.errors}` : ''}`
    : '—';
  return (
    <Card
      data-testid={`health-${c.id}`}
      title={
        <Space wrap>
          <span>{c.name}</span>
          <SourceTag source={c.kind as SourceKind} />
          <Tag color={STATUS[c.status].color} data-testid="connector-status">
            {STATUS[c.status].text}
          </Tag>
        </Space>
      }
      extra={
        <Space>
          <Link href={`/admin/events?connectorId=${c.id}`}>事件日志</Link>
          {canResync && (
            <Button icon={<SyncOutlined />} onClick={onResync}>
              重新同步
            </Button>
          )}
        </Space>
      }
    >
      {c.reasons.length > 0 && (
        <Space wrap style={{ marginBottom: token.marginSM }}>
          {c.reasons.map((r) => (
            <Tag key={r} color={c.status === 'down' ? 'error' : 'warning'}>
              {REASONS[r] ?? r}
            </Tag>
          ))}
        </Space>
      )}
      <Row gutter={[token.marginLG, token.marginMD]}>
        <Col xs={24} lg={12}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="连接">
              {c.usesStream ? (
                <Badge
                  status={
                    c.streamState === 'connected'
                      ? 'success'
                      : c.streamState === 'connecting'
                        ? 'processing'
                        : 'error'
                  }
                  text={`Stream ${c.streamState ? STREAM[c.streamState] : '未连接'}${c.stream?.reconnectAttempts ? `（重连 ${c.stream.reconnectAttempts} 次）` : ''}`}
                />
              ) : (
                <Typography.Text>
                  {c.kind === 'dingtalk' ? 'HTTP 回调' : c.kind === 'yida' ? '宜搭推送' : '推送'}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="最近事件">{time(c.lastEventAt)}</Descriptions.Item>
            <Descriptions.Item label="事件→任务延迟（近 1 小时）">
              p50 {ms(c.lagP50Ms)} · p95 {ms(c.lagP95Ms)}
              <Typography.Text type="secondary">（{c.processedLastHour} 条）</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="积压（未处理）">
              {c.backlog}
              {c.oldestBacklogAt && (
                <Typography.Text type="secondary">（最早 {time(c.oldestBacklogAt)}）</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="重试中 / 死信">
              {c.failed} /{' '}
              <Link href={`/admin/events?connectorId=${c.id}&status=dead`} data-testid="dead-count">
                {c.dead}
              </Link>
              {c.deadLetterJobs > 0 && (
                <Typography.Text type="secondary">（死信队列 {c.deadLetterJobs}）</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="最近对账">
              {time(c.lastReconcileAt)}
              <br />
              <Typography.Text type="secondary">{repaired}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="本月 API 调用">
              {c.apiQuota ? (
                <Space direction="vertical" size={0} style={{ width: '100%' }}>
                  <span>
                    {c.apiCalls} / {c.apiQuota}
                  </span>
                  <Progress
                    percent={quotaPercent}
                    size="small"
                    status={quotaPercent >= 100 ? 'exception' : quotaPercent >= 90 ? 'active' : 'normal'}
                    strokeColor={quotaPercent >= 90 ? token.colorWarning : undefined}
                  />
                </Space>
              ) : (
                '不计量'
              )}
            </Descriptions.Item>
          </Descriptions>
        </Col>
        <Col xs={24} lg={12}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Segmented
              size="small"
              value={range}
              onChange={(v) => setRange(v as '1h' | '24h')}
              options={[
                { value: '1h', label: '近 1 小时' },
                { value: '24h', label: '近 24 小时' },
              ]}
            />
            <MiniChart
              kind="bar"
              unit="条"
              label="事件量（每 5 分钟）"
              points={(series.data ?? []).map((b) => ({ at: b.at, value: b.received }))}
            />
            <MiniChart
              kind="line"
              unit="ms"
              label="延迟 p95（每 5 分钟）"
              points={(series.data ?? []).map((b) => ({ at: b.at, value: b.lagP95Ms }))}
            />
          </Space>
        </Col>
      </Row>
    </Card>
  );
}
