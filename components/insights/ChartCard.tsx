'use client';

import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Segmented, Skeleton, Table, type TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import dynamic from 'next/dynamic';
import { type ReactNode, useState } from 'react';
import { downloadText, toCsv } from '@/lib/client/insights-csv';
import { useT } from '@/lib/i18n/locale-context';
import type { EChartClick } from './EChart';

// ECharts is loaded only here, on demand: the 分析 page is its only user.
const EChart = dynamic(() => import('./EChart').then((m) => m.EChart), {
  ssr: false,
  loading: () => <Skeleton active paragraph={{ rows: 5 }} />,
});

export type ChartCardProps<R> = {
  title: ReactNode;
  testId: string;
  loading: boolean;
  /** A (re)load is under way: the card says so (aria-busy) while it still shows the previous figures. */
  isFetching?: boolean;
  rows: R[];
  rowKey: (row: R) => string;
  columns: TableColumnsType<R>;
  /** The chart; null: the card shows only its table. */
  option: EChartsCoreOption | null;
  onChartClick?: (item: EChartClick) => void;
  csv: { fileName: string; header: string[]; rows: (string | number | null)[][] };
  summary?: ReactNode;
};

/** A 分析 card: a chart or its table (same numbers, each a drill-down link), and CSV export of the table. */
export function ChartCard<R extends object>(props: ChartCardProps<R>) {
  const t = useT('insights');
  const [view, setView] = useState<'chart' | 'table'>(props.option ? 'chart' : 'table');
  const empty = !props.loading && props.rows.length === 0;
  return (
    <Card
      title={props.title}
      data-testid={props.testId}
      aria-busy={props.loading || Boolean(props.isFetching)}
      styles={{ body: { minWidth: 0 } }}
      extra={
        <Flex gap={4} wrap>
          {props.option && (
            <Segmented
              size="small"
              value={view}
              onChange={(v) => setView(v as 'chart' | 'table')}
              options={[
                { value: 'chart', label: t('view.chart') },
                { value: 'table', label: t('view.table') },
              ]}
              data-testid={`${props.testId}-view`}
            />
          )}
          <Button
            size="small"
            icon={<DownloadOutlined />}
            aria-label={t('csv')}
            title={t('csv')}
            disabled={props.rows.length === 0}
            onClick={() => downloadText(props.csv.fileName, toCsv(props.csv.header, props.csv.rows))}
          />
        </Flex>
      }
    >
      {props.summary}
      {props.loading && props.rows.length === 0 ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
      ) : view === 'chart' && props.option ? (
        <EChart option={props.option} onClick={props.onChartClick} testId={`${props.testId}-chart`} />
      ) : (
        <Table<R>
          size="small"
          rowKey={props.rowKey}
          columns={props.columns}
          dataSource={props.rows}
          pagination={props.rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
          scroll={{ x: 'max-content' }}
        />
      )}
    </Card>
  );
}
