'use client';

import { SyncOutlined } from '@ant-design/icons';
import {
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
import Link from 'next/link';
import { useState } from 'react';
import { MiniChart } from '@/components/admin/MiniChart';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { type SourceKind, SourceTag } from '@/components/tasks/SourceTag';
import { formatTime } from '@/lib/client/format-time';
import { type ConnectorSyncHealth, useEventSeries, useSyncHealth } from '@/lib/client/queries/use-operations';
import { useT } from '@/lib/i18n/locale-context';
import { kindUi } from '../connectors/kinds/kind-ui-map';
import { ArchiveScrubs } from './ArchiveScrubs';
import { IngestBacklogCard } from './IngestBacklogCard';
import { NoticeStatsCard } from './NoticeStatsCard';
import { ReconciliationRuns } from './ReconciliationRuns';
import { ResyncModal } from './ResyncModal';

const STATUS_COLOR = { ok: 'success', degraded: 'warning', down: 'error', disabled: 'default' } as const;
const REASONS = new Set([
  'stream_down',
  'stream_not_connected',
  'backlog_stuck',
  'backlog_slow',
  'dead_letters',
  'lag_high',
  'quota_exhausted',
  'quota_near',
  'reconcile_errors',
  'drift_high',
]);

const time = (v: string | null) => formatTime(v, 'dayTimeSeconds');
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
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <PageHeader
          title={t('health.title')}
          extra={
            <Space wrap>
              <Typography.Text type="secondary">{t('health.overall')}</Typography.Text>
              <Tag color={STATUS_COLOR[overall]} data-testid="overall-status">
                {t(`health.status.${overall}`)}
              </Tag>
            </Space>
          }
          hint={t('health.publicHint')}
        />
      </Card>
      <LoadingError error={health.error} />
      <IngestBacklogCard />
      {!health.isLoading && all.length === 0 && <Empty description={t('health.noConnectors')} />}
      {all.map((c) => (
        <ConnectorCard key={c.id} c={c} onResync={() => setResync({ id: c.id, name: c.name })} />
      ))}
      <ReconciliationRuns connectors={all} />
      <ArchiveScrubs />
      <NoticeStatsCard />
      <ResyncModal connector={resync} onClose={() => setResync(null)} />
    </Space>
  );
}

function ConnectorCard({ c, onResync }: { c: ConnectorSyncHealth; onResync: () => void }) {
  const t = useT('ops');
  const { token } = theme.useToken();
  const [range, setRange] = useState<'1h' | '24h'>('1h');
  const series = useEventSeries(c.id, range);
  const quotaPercent = c.apiQuota ? Math.min(100, Math.round((c.apiCalls / c.apiQuota) * 100)) : 0;
  const repaired = c.lastReconcile
    ? t('health.reconcileSummary', {
        repaired: c.lastReconcile.staleRepaired ?? 0,
        created: c.lastReconcile.missedCreated ?? 0,
        checked: c.lastReconcile.openChecked ?? 0,
      }) + (c.lastReconcile.errors ? t('health.reconcileErrors', { n: c.lastReconcile.errors }) : '')
    : '—';
  return (
    <Card
      data-testid={`health-${c.id}`}
      title={
        <Space wrap>
          <span>{c.name}</span>
          <SourceTag source={c.kind as SourceKind} />
          <Tag color={STATUS_COLOR[c.status]} data-testid="connector-status">
            {t(`health.status.${c.status}`)}
          </Tag>
        </Space>
      }
      extra={
        <Space wrap>
          <Link href={`/admin/events?connectorId=${c.id}`}>{t('nav.events')}</Link>
          {c.canResync && (
            <Button icon={<SyncOutlined />} onClick={onResync}>
              {t('health.resync')}
            </Button>
          )}
        </Space>
      }
    >
      {c.reasons.length > 0 && (
        // A reason is a sentence in English: its tag wraps within the card on a phone instead of widening the page.
        <Space wrap style={{ marginBottom: token.marginSM, maxWidth: '100%' }}>
          {c.reasons.map((r) => (
            <Tag
              key={r}
              color={c.status === 'down' ? 'error' : 'warning'}
              style={{ whiteSpace: 'normal', maxWidth: '100%' }}
            >
              {REASONS.has(r) ? t(`health.reason.${r}` as 'health.reason.lag_high') : r}
            </Tag>
          ))}
        </Space>
      )}
      <Row gutter={[token.marginLG, token.marginMD]}>
        <Col xs={24} lg={12}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('health.connection')}>
              {c.usesStream ? (
                <Badge
                  status={
                    c.streamState === 'connected'
                      ? 'success'
                      : c.streamState === 'connecting'
                        ? 'processing'
                        : 'error'
                  }
                  text={
                    (c.streamState
                      ? t('health.streamState', { state: t(`stream:state.${c.streamState}`) })
                      : t('health.streamNotConnected')) +
                    (c.stream?.reconnectAttempts
                      ? t('health.reconnects', { n: c.stream.reconnectAttempts })
                      : '')
                  }
                />
              ) : (
                <Typography.Text>{t(kindUi(c.kind).healthPushKey ?? 'health.push')}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('health.lastEvent')}>{time(c.lastEventAt)}</Descriptions.Item>
            <Descriptions.Item label={t('health.lag')}>
              p50 {ms(c.lagP50Ms)} · p95 {ms(c.lagP95Ms)}
              <Typography.Text type="secondary">
                {t('health.lagCount', { n: c.processedLastHour })}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('health.backlog')}>
              {c.backlog}
              {c.oldestBacklogAt && (
                <Typography.Text type="secondary">
                  {t('health.oldest', { time: time(c.oldestBacklogAt) })}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('health.retryingDead')}>
              {c.failed} /{' '}
              <Link href={`/admin/events?connectorId=${c.id}&status=dead`} data-testid="dead-count">
                {c.dead}
              </Link>
              {c.deadLetterJobs > 0 && (
                <Typography.Text type="secondary">
                  {t('health.deadLetterJobs', { n: c.deadLetterJobs })}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('health.lastReconcile')}>
              {time(c.lastReconcileAt)}
              <br />
              <Typography.Text type="secondary">{repaired}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('health.apiCalls')}>
              {c.apiQuota ? (
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
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
                t('health.unmetered')
              )}
            </Descriptions.Item>
          </Descriptions>
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Segmented
              size="small"
              value={range}
              onChange={(v) => setRange(v as '1h' | '24h')}
              options={[
                { value: '1h', label: t('health.range.1h') },
                { value: '24h', label: t('health.range.24h') },
              ]}
            />
            <MiniChart
              kind="bar"
              unit={t('health.eventsUnit')}
              label={t('health.volumeChart')}
              loading={series.isPending}
              points={(series.data ?? []).map((b) => ({ at: b.at, value: b.received }))}
            />
            <MiniChart
              kind="line"
              unit="ms"
              label={t('health.lagChart')}
              loading={series.isPending}
              points={(series.data ?? []).map((b) => ({ at: b.at, value: b.lagP95Ms }))}
            />
          </Space>
        </Col>
      </Row>
    </Card>
  );
}
