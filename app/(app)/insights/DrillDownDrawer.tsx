'use client';

import { Drawer, Table, type TableColumnsType, Typography } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import { formatTime } from '@/lib/client/format-time';
import {
  type InsightParams,
  type InsightRequestRow,
  useInsightRequests,
} from '@/lib/client/queries/use-insights';
import { useIsPhone } from '@/lib/client/use-is-phone';
import { useT } from '@/lib/i18n/locale-context';
import { useDuration } from './use-duration';

export type Drill = { label: string; params: InsightParams };

const TASK_METRICS = new Set(['step', 'approver', 'late', 'overdue', 'pending']);

/** The requests behind a number of 分析, in the viewer's scope: a side drawer, a bottom sheet on a phone. */
export function DrillDownDrawer({ drill, onClose }: { drill: Drill | null; onClose: () => void }) {
  const t = useT('insights');
  const isPhone = useIsPhone();
  const duration = useDuration();
  const [page, setPage] = useState(1);
  const [shown, setShown] = useState<Drill | null>(null);
  if (drill !== shown) {
    setShown(drill);
    setPage(1);
  }
  const requests = useInsightRequests(drill ? { ...drill.params, page: String(page) } : null);
  const isTask = drill ? TASK_METRICS.has(drill.params.metric ?? '') : false;

  const columns: TableColumnsType<InsightRequestRow> = [
    {
      key: 'title',
      title: t('drill.request'),
      render: (_, r) => <Link href={`/instances/${r.instanceId}`}>{r.title}</Link>,
    },
    { key: 'process', title: t('drill.process'), render: (_, r) => r.processName ?? r.processKey },
    { key: 'department', title: t('drill.department'), render: (_, r) => r.department || t('none') },
    ...(isTask
      ? [
          {
            key: 'step',
            title: t('drill.step'),
            render: (_: unknown, r: InsightRequestRow) => r.step || t('unnamed'),
          },
          {
            key: 'approver',
            title: t('drill.approver'),
            render: (_: unknown, r: InsightRequestRow) => r.approverName ?? t('unmapped'),
          },
          {
            key: 'wait',
            title: t('drill.wait'),
            render: (_: unknown, r: InsightRequestRow) => duration(r.waitSeconds),
          },
          {
            key: 'due',
            title: t('drill.due'),
            render: (_: unknown, r: InsightRequestRow) => formatTime(r.dueAt, 'dateTime'),
          },
        ]
      : [
          {
            key: 'originator',
            title: t('drill.originator'),
            render: (_: unknown, r: InsightRequestRow) => r.originatorName ?? '—',
          },
          {
            key: 'started',
            title: t('drill.started'),
            render: (_: unknown, r: InsightRequestRow) => formatTime(r.startedAt, 'dateTime'),
          },
          {
            key: 'finished',
            title: t('drill.finished'),
            render: (_: unknown, r: InsightRequestRow) => formatTime(r.finishedAt, 'dateTime'),
          },
          {
            key: 'duration',
            title: t('drill.duration'),
            render: (_: unknown, r: InsightRequestRow) => duration(r.cycleSeconds),
          },
        ]),
  ];

  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      placement={isPhone ? 'bottom' : 'right'}
      size="large"
      title={drill ? t('drill.title', { what: drill.label }) : null}
      styles={isPhone ? { body: { padding: 8 } } : undefined}
      data-testid="insights-drill"
    >
      <Typography.Text type="secondary">{t('drill.total', { n: requests.data?.total ?? 0 })}</Typography.Text>
      <Table<InsightRequestRow>
        size="small"
        rowKey={(r) => `${r.instanceId}-${r.step ?? ''}-${r.approverName ?? ''}-${r.waitSeconds ?? ''}`}
        loading={requests.isFetching}
        columns={columns}
        dataSource={requests.data?.rows ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: requests.data?.pageSize ?? 50,
          total: requests.data?.total ?? 0,
          onChange: setPage,
          size: 'small',
          showSizeChanger: false,
        }}
        data-testid="insights-drill-table"
      />
    </Drawer>
  );
}
