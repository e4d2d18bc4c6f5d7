'use client';

import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, DatePicker, Drawer, Flex, Segmented, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import css from '@/components/layout/responsive.module.css';
import type { InsightFigureData, InsightParams } from '@/lib/client/queries/use-insights';
import { useT } from '@/lib/i18n/locale-context';
import { INBOX_SOURCES } from '@/lib/tasks/inbox/inbox-filters';

type Props = {
  params: InsightParams;
  /** The period and granularity the figures answered (a long period is answered per week). */
  period: { from: string; to: string; granularity: 'day' | 'week' } | null;
  options: InsightFigureData<'options'> | undefined;
  onChange: (next: InsightParams) => void;
};

/**
 * 分析 filters, all in the URL: period, day/week, source, connector, process, department. On a phone the same
 * controls open in a bottom sheet (the split is CSS, as in the inbox).
 */
export function InsightsFilters({ params, period, options, onChange }: Props) {
  const t = useT('insights');
  const [isSheetOpen, setSheetOpen] = useState(false);
  const set = (patch: Record<string, string | undefined>) => {
    const next: InsightParams = { ...params };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') delete next[k];
      else next[k] = v;
    }
    onChange(next);
  };
  const active = Object.keys(params).filter((k) => k !== 'granularity').length;
  // Days were asked for but the period is too long for a per-day series: the figures came per week.
  const isWeeklyOnly = period?.granularity === 'week' && params.granularity !== 'week';

  const controls = (isSheet: boolean) => {
    const width = (px: number) => (isSheet ? { width: '100%' } : { minWidth: px });
    return (
      <>
        <DatePicker.RangePicker
          allowClear={false}
          style={isSheet ? { width: '100%' } : undefined}
          value={period ? [dayjs(period.from), dayjs(period.to)] : null}
          onChange={(v) =>
            v?.[0] && v[1] && set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') })
          }
          aria-label={t('filter.period')}
        />
        <Segmented
          value={period?.granularity ?? params.granularity ?? 'day'}
          onChange={(v) => set({ granularity: v === 'day' ? undefined : String(v) })}
          options={[
            { value: 'day', label: t('filter.day'), disabled: isWeeklyOnly },
            { value: 'week', label: t('filter.week') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('filter.source')}
          style={width(120)}
          value={params.source ?? null}
          onChange={(v: string | undefined) => set({ source: v })}
          options={INBOX_SOURCES.map((s) => ({ value: s, label: t(`source:${s}`) }))}
          aria-label={t('filter.source')}
        />
        <Select
          allowClear
          placeholder={t('filter.connector')}
          style={width(140)}
          value={params.connectorId ?? null}
          onChange={(v: string | undefined) => set({ connectorId: v })}
          options={(options?.connectors ?? []).map((c) => ({ value: c.id, label: c.name }))}
          aria-label={t('filter.connector')}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filter.process')}
          style={width(160)}
          value={params.process ?? null}
          onChange={(v: string | undefined) => set({ process: v })}
          options={(options?.processes ?? []).map((p) => ({
            value: p.key,
            label: p.name ?? (p.key || t('none')),
          }))}
          aria-label={t('filter.process')}
          data-testid="insights-filter-process"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('filter.department')}
          style={width(140)}
          value={params.department ?? null}
          onChange={(v: string | undefined) => set({ department: v })}
          options={(options?.departments ?? []).map((d) => ({ value: d, label: d || t('none') }))}
          aria-label={t('filter.department')}
          data-testid="insights-filter-department"
        />
        {active > 0 && <Button onClick={() => onChange({})}>{t('filter.reset')}</Button>}
      </>
    );
  };

  return (
    <>
      <Flex
        wrap
        gap={8}
        className={css.desktopOnly}
        style={{ marginBottom: 16 }}
        data-testid="insights-filters"
      >
        {controls(false)}
      </Flex>
      <Flex className={css.phoneOnly} style={{ marginBottom: 12 }}>
        <Badge count={active} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setSheetOpen(true)}>
            {t('filter.open')}
          </Button>
        </Badge>
      </Flex>
      <Drawer
        placement="bottom"
        open={isSheetOpen}
        onClose={() => setSheetOpen(false)}
        title={t('filter.open')}
        styles={{ body: { maxHeight: '70vh', overflow: 'auto' } }}
      >
        <Flex vertical gap={12}>
          {controls(true)}
        </Flex>
      </Drawer>
    </>
  );
}
