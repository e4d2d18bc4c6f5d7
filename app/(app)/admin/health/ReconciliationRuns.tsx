'use client';

import { SyncOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import Link from 'next/link';
import { CannotReconcileAlert } from '@/components/admin/CannotReconcileAlert';
import { MiniChart } from '@/components/admin/MiniChart';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { formatTime } from '@/lib/client/format-time';
import type { ConnectorSyncHealth } from '@/lib/client/queries/use-operations';
import {
  type ReconcileRunView,
  useReconciliationRuns,
  useRequestReconciliation,
} from '@/lib/client/queries/use-reconciliation';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

type Row = ReconcileRunView['connectors'][number] & {
  key: string;
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  trigger: string;
};

const FINDING_COLOR = { missed: 'blue', stale: 'gold', orphaned: 'red', error: 'default' } as const;

/** The drift report: connectors that cannot be reconciled, drift per day, and each run with the instances it touched. */
export function ReconciliationRuns({ connectors }: { connectors: ConnectorSyncHealth[] }) {
  const t = useT('reconcile');
  const report = useReconciliationRuns();
  const request = useRequestReconciliation();
  const toast = useToast();
  async function reconcileNow() {
    try {
      await request.mutateAsync();
      toast.success(t('runs.requested'));
    } catch (error) {
      toast.error(error);
    }
  }
  const cannot = connectors.filter((c) => c.enabled && !c.canReconcile);
  const rows: Row[] = (report.data?.runs ?? []).flatMap((run) =>
    run.connectors.map((part) => ({
      ...part,
      key: `${run.id}:${part.connectorId}`,
      runId: run.id,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      trigger: run.trigger,
    })),
  );
  return (
    <Card data-testid="reconciliation-runs">
      <PageHeader
        title={t('runs.title')}
        hint={t('runs.hint')}
        extra={
          <Button icon={<SyncOutlined />} loading={request.isPending} onClick={() => void reconcileNow()}>
            {t('runs.request')}
          </Button>
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {cannot.map((c) => (
          <CannotReconcileAlert key={c.id} connector={c} />
        ))}
        <LoadingError error={report.error} />
        <MiniChart
          kind="bar"
          timeFormat="date"
          unit={t('runs.trendUnit')}
          label={t('runs.trend')}
          points={(report.data?.trend ?? []).map((d) => ({
            // Noon: the day stays the same day in any display time zone.
            at: `${d.day}T12:00:00`,
            value: d.missed + d.stale + d.orphaned,
          }))}
        />
        {!report.isLoading && rows.length === 0 ? (
          <Empty description={t('runs.empty')} />
        ) : (
          <Table<Row>
            size="small"
            rowKey="key"
            loading={report.isLoading}
            dataSource={rows}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            // Eight columns do not fit a phone: the table scrolls sideways instead of stacking each name and
            // header one character per line.
            scroll={{ x: 'max-content' }}
            onRow={() => ({ 'data-testid': 'reconcile-run' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('runs.startedAt'),
                dataIndex: 'startedAt',
                render: (v: string, r) => (
                  <Space size={4}>
                    <span>{formatTime(v, 'dayTimeSeconds')}</span>
                    <Tag>{t(r.trigger === 'manual' ? 'runs.trigger.manual' : 'runs.trigger.schedule')}</Tag>
                    {!r.finishedAt && <Tag color="processing">{t('runs.running')}</Tag>}
                  </Space>
                ),
              },
              { title: t('runs.connector'), dataIndex: 'connectorName' },
              { title: t('runs.checked'), dataIndex: 'checked' },
              { title: t('runs.missed'), dataIndex: 'missedCreated' },
              { title: t('runs.stale'), dataIndex: 'staleRepaired' },
              {
                title: t('runs.orphaned'),
                dataIndex: 'orphanedClosed',
                render: (v: number) => <span data-testid="orphaned-closed">{v}</span>,
              },
              {
                title: t('runs.errors'),
                dataIndex: 'errors',
                render: (v: number, r) =>
                  r.skipped ? (
                    <Tag color="warning">{t('runs.skipped.cannot_reconcile')}</Tag>
                  ) : (
                    <Typography.Text type={v > 0 ? 'danger' : undefined}>{v}</Typography.Text>
                  ),
              },
            ]}
            expandable={{
              rowExpandable: (r) => r.findings.length > 0,
              expandedRowRender: (r) => (
                <Space wrap size={[4, 4]}>
                  <Typography.Text type="secondary">{t('runs.findings')}</Typography.Text>
                  {r.findings.map((f) => (
                    <Tag
                      key={`${f.kind}:${f.externalId}`}
                      color={FINDING_COLOR[f.kind]}
                      data-testid={`finding-${f.kind}`}
                    >
                      {t(`finding.${f.kind}`)}{' '}
                      {f.instanceId ? (
                        <Link href={`/instances/${f.instanceId}`}>{f.externalId}</Link>
                      ) : (
                        f.externalId
                      )}
                    </Tag>
                  ))}
                </Space>
              ),
            }}
          />
        )}
      </Space>
    </Card>
  );
}
