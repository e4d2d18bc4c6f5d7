'use client';

import { Button, Col, Row, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type ReactNode, useMemo, useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { ChartCard } from '@/components/insights/ChartCard';
import { type InsightParams, useInsightFigure } from '@/lib/client/queries/use-insights';
import { useT } from '@/lib/i18n/locale-context';
import { type Drill, DrillDownDrawer } from './DrillDownDrawer';
import { InsightGrantsCard } from './InsightGrantsCard';
import { InsightsFilters } from './InsightsFilters';
import { hours, useDuration } from './use-duration';

const FILTER_KEYS = ['from', 'to', 'source', 'connectorId', 'process', 'department', 'granularity'];

/** A number that opens the requests behind it. */
function DrillLink({ n, onClick, testId }: { n: number | string; onClick: () => void; testId?: string }) {
  return (
    <Button
      type="link"
      size="small"
      style={{ padding: 0, height: 'auto' }}
      onClick={onClick}
      data-testid={testId}
    >
      {n}
    </Button>
  );
}

const bar = (names: string[], series: { name: string; data: (number | null)[]; stack?: string }[]) =>
  ({
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'bar', ...s })),
  }) satisfies EChartsCoreOption;

/**
 * 分析: where approvals wait across every source, for the viewer's scope. Filters live in the URL; each card is
 * a chart with a table view and CSV export, and every number opens the requests behind it.
 */
export function InsightsPage({
  isAdmin,
  departments,
  timeZone,
}: {
  isAdmin: boolean;
  departments: string[] | null;
  timeZone: string;
}) {
  const t = useT('insights');
  const duration = useDuration();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = useMemo(() => {
    const p: InsightParams = {};
    for (const k of FILTER_KEYS) {
      const v = search.get(k);
      if (v) p[k] = v;
    }
    return p;
  }, [search]);
  const setParams = (next: InsightParams) => {
    const q = new URLSearchParams(next).toString();
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
  };
  const [drill, setDrill] = useState<Drill | null>(null);
  const open = (label: string, extra: InsightParams) => setDrill({ label, params: { ...params, ...extra } });

  const options = useInsightFigure('options', params);
  const volume = useInsightFigure('volume', params);
  const cycle = useInsightFigure('cycle', params);
  const bottlenecks = useInsightFigure('bottlenecks', params);
  const outcomes = useInsightFigure('outcomes', params);
  const sla = useInsightFigure('sla', params);
  const backlog = useInsightFigure('backlog', params);
  const approvers = useInsightFigure('approvers', params);
  const period = volume.data?.filters ?? null;
  const stamp = period ? `${period.from}_${period.to}` : 'period';
  // The granularity answered: a period over 92 days comes per week even when days were asked for.
  const week = (period?.granularity ?? params.granularity ?? 'day') === 'week';
  /** A bucket's days (a week is clipped to the period). */
  const bucketRange = (bucket: string) => {
    if (!week || !period) return { from: bucket, to: bucket };
    const end = new Date(`${bucket}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 6);
    const to = end.toISOString().slice(0, 10);
    // ISO dates compare as strings: the later start and the earlier end.
    return { from: [bucket, period.from].sort()[1] ?? bucket, to: [to, period.to].sort()[0] ?? to };
  };
  const processLabel = (key: string, name: string | null) => name ?? (key || t('none'));

  const error = [options, volume, cycle, bottlenecks, outcomes, sla, backlog, approvers].find((q) => q.error);
  if (error?.error) return <LoadingError error={error.error} />;

  const v = volume.data?.data ?? [];
  const c = cycle.data?.data;
  const b = bottlenecks.data?.data;
  const o = outcomes.data?.data;
  const s = sla.data?.data;
  const bl = backlog.data?.data;
  const ap = approvers.data?.data ?? [];
  const pct = (n: number, d: number) => (d > 0 ? `${Math.round((n / d) * 1000) / 10}%` : '—');
  const cards: { key: string; span?: number; node: ReactNode }[] = [
    {
      key: 'volume',
      node: (
        <ChartCard
          title={t('volume.title')}
          testId="insights-volume"
          loading={volume.isLoading}
          isFetching={volume.isFetching}
          rows={v.some((p) => p.started + p.finished > 0) ? v : []}
          rowKey={(r) => r.bucket}
          option={{
            xAxis: { type: 'category', data: v.map((p) => p.bucket) },
            yAxis: { type: 'value', minInterval: 1 },
            series: [
              { type: 'line', name: t('volume.started'), data: v.map((p) => p.started), smooth: true },
              { type: 'line', name: t('volume.finished'), data: v.map((p) => p.finished), smooth: true },
            ],
          }}
          onChartClick={({ dataIndex, seriesIndex }) => {
            const p = v[dataIndex];
            if (p)
              open(`${t(seriesIndex === 0 ? 'metric.started' : 'metric.finished')} ${p.bucket}`, {
                metric: seriesIndex === 0 ? 'started' : 'finished',
                ...bucketRange(p.bucket),
              });
          }}
          columns={[
            { key: 'bucket', title: t('volume.bucket'), dataIndex: 'bucket' },
            {
              key: 'started',
              title: t('volume.started'),
              render: (_, p) => (
                <DrillLink
                  n={p.started}
                  onClick={() =>
                    open(`${t('metric.started')} ${p.bucket}`, {
                      metric: 'started',
                      ...bucketRange(p.bucket),
                    })
                  }
                />
              ),
            },
            {
              key: 'finished',
              title: t('volume.finished'),
              render: (_, p) => (
                <DrillLink
                  n={p.finished}
                  onClick={() =>
                    open(`${t('metric.finished')} ${p.bucket}`, {
                      metric: 'finished',
                      ...bucketRange(p.bucket),
                    })
                  }
                />
              ),
            },
          ]}
          csv={{
            fileName: `insights-volume-${stamp}.csv`,
            header: [t('volume.bucket'), t('volume.started'), t('volume.finished')],
            rows: v.map((p) => [p.bucket, p.started, p.finished]),
          }}
        />
      ),
    },
    {
      key: 'cycle',
      node: (
        <ChartCard
          title={t('cycle.title')}
          testId="insights-cycle"
          loading={cycle.isLoading}
          isFetching={cycle.isFetching}
          rows={c?.byProcess ?? []}
          rowKey={(r) => r.processKey}
          option={bar(
            (c?.byProcess ?? []).map((r) => processLabel(r.processKey, r.processName)),
            [
              { name: `${t('p50')} (h)`, data: (c?.byProcess ?? []).map((r) => hours(r.p50)) },
              { name: `${t('p90')} (h)`, data: (c?.byProcess ?? []).map((r) => hours(r.p90)) },
            ],
          )}
          onChartClick={({ dataIndex }) => {
            const r = c?.byProcess[dataIndex];
            if (r)
              open(`${t('metric.finished')} · ${processLabel(r.processKey, r.processName)}`, {
                metric: 'finished',
                process: r.processKey,
              });
          }}
          columns={[
            {
              key: 'p',
              title: t('cycle.process'),
              render: (_, r) => processLabel(r.processKey, r.processName),
            },
            {
              key: 'n',
              title: t('cycle.finished'),
              render: (_, r) => (
                <DrillLink
                  n={r.finished}
                  onClick={() =>
                    open(`${t('metric.finished')} · ${processLabel(r.processKey, r.processName)}`, {
                      metric: 'finished',
                      process: r.processKey,
                    })
                  }
                />
              ),
            },
            { key: 'p50', title: t('p50'), render: (_, r) => duration(r.p50) },
            { key: 'p90', title: t('p90'), render: (_, r) => duration(r.p90) },
          ]}
          csv={{
            fileName: `insights-cycle-${stamp}.csv`,
            header: [t('cycle.process'), t('cycle.finished'), `${t('p50')} (s)`, `${t('p90')} (s)`],
            rows: (c?.byProcess ?? []).map((r) => [
              processLabel(r.processKey, r.processName),
              r.finished,
              r.p50,
              r.p90,
            ]),
          }}
        />
      ),
    },
    {
      key: 'trend',
      node: (
        <ChartCard
          title={t('cycle.trend')}
          testId="insights-trend"
          loading={cycle.isLoading}
          isFetching={cycle.isFetching}
          rows={c?.trend ?? []}
          rowKey={(r) => r.bucket}
          option={{
            xAxis: { type: 'category', data: (c?.trend ?? []).map((r) => r.bucket) },
            yAxis: { type: 'value' },
            series: [
              { type: 'line', name: `${t('p50')} (h)`, data: (c?.trend ?? []).map((r) => hours(r.p50)) },
              { type: 'line', name: `${t('p90')} (h)`, data: (c?.trend ?? []).map((r) => hours(r.p90)) },
            ],
          }}
          onChartClick={({ dataIndex }) => {
            const r = c?.trend[dataIndex];
            if (r)
              open(`${t('metric.finished')} ${r.bucket}`, { metric: 'finished', ...bucketRange(r.bucket) });
          }}
          columns={[
            { key: 'bucket', title: t('volume.bucket'), dataIndex: 'bucket' },
            {
              key: 'n',
              title: t('cycle.finished'),
              render: (_, r) => (
                <DrillLink
                  n={r.finished}
                  onClick={() =>
                    open(`${t('metric.finished')} ${r.bucket}`, {
                      metric: 'finished',
                      ...bucketRange(r.bucket),
                    })
                  }
                />
              ),
            },
            { key: 'p50', title: t('p50'), render: (_, r) => duration(r.p50) },
            { key: 'p90', title: t('p90'), render: (_, r) => duration(r.p90) },
          ]}
          csv={{
            fileName: `insights-cycle-trend-${stamp}.csv`,
            header: [t('volume.bucket'), t('cycle.finished'), `${t('p50')} (s)`, `${t('p90')} (s)`],
            rows: (c?.trend ?? []).map((r) => [r.bucket, r.finished, r.p50, r.p90]),
          }}
        />
      ),
    },
    {
      key: 'steps',
      node: (
        <ChartCard
          title={t('bottleneck.title')}
          testId="insights-steps"
          loading={bottlenecks.isLoading}
          isFetching={bottlenecks.isFetching}
          rows={b?.steps ?? []}
          rowKey={(r) => `${r.processKey}:${r.step}`}
          option={bar(
            (b?.steps ?? []).map((r) => r.step || t('unnamed')),
            [
              { name: `${t('p50')} (h)`, data: (b?.steps ?? []).map((r) => hours(r.p50)) },
              { name: `${t('p90')} (h)`, data: (b?.steps ?? []).map((r) => hours(r.p90)) },
            ],
          )}
          onChartClick={({ dataIndex }) => {
            const r = b?.steps[dataIndex];
            if (r)
              open(t('metric.step', { step: r.step || t('unnamed') }), {
                metric: 'step',
                step: r.step,
                process: r.processKey,
              });
          }}
          columns={[
            {
              key: 'p',
              title: t('cycle.process'),
              render: (_, r) => processLabel(r.processKey, r.processName),
            },
            { key: 's', title: t('bottleneck.step'), render: (_, r) => r.step || t('unnamed') },
            {
              key: 'n',
              title: t('bottleneck.count'),
              render: (_, r) => (
                <DrillLink
                  n={r.finished}
                  testId={`insights-step-${r.step}`}
                  onClick={() =>
                    open(t('metric.step', { step: r.step || t('unnamed') }), {
                      metric: 'step',
                      step: r.step,
                      process: r.processKey,
                    })
                  }
                />
              ),
            },
            { key: 'p50', title: t('p50'), render: (_, r) => duration(r.p50) },
            { key: 'p90', title: t('p90'), render: (_, r) => duration(r.p90) },
          ]}
          csv={{
            fileName: `insights-steps-${stamp}.csv`,
            header: [
              t('cycle.process'),
              t('bottleneck.step'),
              t('bottleneck.count'),
              `${t('p50')} (s)`,
              `${t('p90')} (s)`,
            ],
            rows: (b?.steps ?? []).map((r) => [
              processLabel(r.processKey, r.processName),
              r.step,
              r.finished,
              r.p50,
              r.p90,
            ]),
          }}
        />
      ),
    },
    {
      key: 'approverWaits',
      node: (
        <ChartCard
          title={t('bottleneck.approvers')}
          testId="insights-approver-waits"
          loading={bottlenecks.isLoading}
          isFetching={bottlenecks.isFetching}
          rows={b?.approvers ?? []}
          rowKey={(r) => r.approverId ?? 'none'}
          option={bar(
            (b?.approvers ?? []).map((r) => r.approverName ?? t('unmapped')),
            [
              { name: `${t('p50')} (h)`, data: (b?.approvers ?? []).map((r) => hours(r.p50)) },
              { name: `${t('p90')} (h)`, data: (b?.approvers ?? []).map((r) => hours(r.p90)) },
            ],
          )}
          onChartClick={({ dataIndex }) => {
            const r = b?.approvers[dataIndex];
            if (r)
              open(t('metric.approver', { name: r.approverName ?? t('unmapped') }), {
                metric: 'approver',
                approverId: r.approverId ?? 'none',
              });
          }}
          columns={[
            { key: 'a', title: t('bottleneck.approver'), render: (_, r) => r.approverName ?? t('unmapped') },
            {
              key: 'n',
              title: t('bottleneck.count'),
              render: (_, r) => (
                <DrillLink
                  n={r.finished}
                  onClick={() =>
                    open(t('metric.approver', { name: r.approverName ?? t('unmapped') }), {
                      metric: 'approver',
                      approverId: r.approverId ?? 'none',
                    })
                  }
                />
              ),
            },
            { key: 'p50', title: t('p50'), render: (_, r) => duration(r.p50) },
            { key: 'p90', title: t('p90'), render: (_, r) => duration(r.p90) },
          ]}
          csv={{
            fileName: `insights-approver-waits-${stamp}.csv`,
            header: [t('bottleneck.approver'), t('bottleneck.count'), `${t('p50')} (s)`, `${t('p90')} (s)`],
            rows: (b?.approvers ?? []).map((r) => [r.approverName ?? '', r.finished, r.p50, r.p90]),
          }}
        />
      ),
    },
    {
      key: 'outcomes',
      node: (
        <ChartCard
          title={t('outcome.title')}
          testId="insights-outcomes"
          loading={outcomes.isLoading}
          isFetching={outcomes.isFetching}
          rows={o?.byProcess ?? []}
          rowKey={(r) => r.processKey}
          summary={
            o && o.total.closed > 0 ? (
              <Typography.Paragraph type="secondary">
                {t('outcome.closed')} {o.total.closed} · {t('outcome.refused')}{' '}
                {pct(o.total.refused, o.total.closed)} · {t('outcome.revoked')}{' '}
                {pct(o.total.revoked, o.total.closed)} · {t('outcome.transferred')}{' '}
                {pct(o.total.transferred, o.total.closed)}
              </Typography.Paragraph>
            ) : null
          }
          option={bar(
            (o?.byProcess ?? []).map((r) => processLabel(r.processKey, r.processName)),
            (['refused', 'revoked', 'transferred'] as const).map((k) => ({
              name: t(`outcome.${k}`),
              data: (o?.byProcess ?? []).map((r) => r[k]),
            })),
          )}
          onChartClick={({ dataIndex, seriesIndex }) => {
            const r = o?.byProcess[dataIndex];
            const metric = (['refused', 'revoked', 'transferred'] as const)[seriesIndex];
            if (r && metric)
              open(`${t(`metric.${metric}`)} · ${processLabel(r.processKey, r.processName)}`, {
                metric,
                process: r.processKey,
              });
          }}
          columns={[
            {
              key: 'p',
              title: t('cycle.process'),
              render: (_, r) => processLabel(r.processKey, r.processName),
            },
            { key: 'closed', title: t('outcome.closed'), dataIndex: 'closed' },
            ...(['refused', 'revoked', 'transferred'] as const).map((k) => ({
              key: k,
              title: t(`outcome.${k}`),
              render: (_: unknown, r: NonNullable<typeof o>['byProcess'][number]) => (
                <>
                  <DrillLink
                    n={r[k]}
                    onClick={() =>
                      open(`${t(`metric.${k}`)} · ${processLabel(r.processKey, r.processName)}`, {
                        metric: k,
                        process: r.processKey,
                      })
                    }
                  />{' '}
                  <Typography.Text type="secondary">({pct(r[k], r.closed)})</Typography.Text>
                </>
              ),
            })),
          ]}
          csv={{
            fileName: `insights-outcomes-${stamp}.csv`,
            header: [
              t('cycle.process'),
              t('outcome.closed'),
              t('outcome.refused'),
              t('outcome.revoked'),
              t('outcome.transferred'),
            ],
            rows: (o?.byProcess ?? []).map((r) => [
              processLabel(r.processKey, r.processName),
              r.closed,
              r.refused,
              r.revoked,
              r.transferred,
            ]),
          }}
        />
      ),
    },
    ...(['byProcess', 'byDepartment'] as const).map((dim) => ({
      key: `sla-${dim}`,
      node: (
        <ChartCard
          title={t(dim === 'byProcess' ? 'sla.title' : 'sla.byDepartment')}
          testId={`insights-sla-${dim}`}
          loading={sla.isLoading}
          isFetching={sla.isFetching}
          rows={s?.[dim] ?? []}
          rowKey={(r) => r.key}
          option={bar(
            (s?.[dim] ?? []).map((r) =>
              dim === 'byProcess' ? processLabel(r.key, r.name) : r.key || t('none'),
            ),
            [
              {
                name: `${t('sla.compliance')} %`,
                data: (s?.[dim] ?? []).map((r) =>
                  r.withDue > 0 ? Math.round((r.onTime / r.withDue) * 1000) / 10 : null,
                ),
              },
              { name: t('sla.overdue'), data: (s?.[dim] ?? []).map((r) => r.overdue) },
            ],
          )}
          onChartClick={({ dataIndex, seriesIndex }) => {
            const r = s?.[dim][dataIndex];
            if (!r) return;
            const filter: InsightParams = dim === 'byProcess' ? { process: r.key } : { department: r.key };
            if (seriesIndex === 1)
              open(`${t('metric.overdue')} · ${r.name ?? r.key}`, { metric: 'overdue', ...filter });
            else open(`${t('metric.late')} · ${r.name ?? r.key}`, { metric: 'late', ...filter });
          }}
          columns={[
            {
              key: 'k',
              title: dim === 'byProcess' ? t('cycle.process') : t('filter.department'),
              render: (_, r) => (dim === 'byProcess' ? processLabel(r.key, r.name) : r.key || t('none')),
            },
            { key: 'withDue', title: t('sla.withDue'), dataIndex: 'withDue' },
            { key: 'onTime', title: t('sla.onTime'), dataIndex: 'onTime' },
            {
              key: 'late',
              title: t('metric.late'),
              render: (_, r) => (
                <DrillLink
                  n={r.withDue - r.onTime}
                  onClick={() =>
                    open(`${t('metric.late')} · ${r.name ?? r.key}`, {
                      metric: 'late',
                      ...(dim === 'byProcess' ? { process: r.key } : { department: r.key }),
                    })
                  }
                />
              ),
            },
            { key: 'c', title: t('sla.compliance'), render: (_, r) => pct(r.onTime, r.withDue) },
            {
              key: 'overdue',
              title: t('sla.overdue'),
              render: (_, r) => (
                <DrillLink
                  n={r.overdue}
                  onClick={() =>
                    open(`${t('metric.overdue')} · ${r.name ?? r.key}`, {
                      metric: 'overdue',
                      ...(dim === 'byProcess' ? { process: r.key } : { department: r.key }),
                    })
                  }
                />
              ),
            },
          ]}
          csv={{
            fileName: `insights-sla-${dim}-${stamp}.csv`,
            header: [
              dim === 'byProcess' ? t('cycle.process') : t('filter.department'),
              t('sla.withDue'),
              t('sla.onTime'),
              t('sla.compliance'),
              t('sla.overdue'),
            ],
            rows: (s?.[dim] ?? []).map((r) => [
              dim === 'byProcess' ? processLabel(r.key, r.name) : r.key,
              r.withDue,
              r.onTime,
              pct(r.onTime, r.withDue),
              r.overdue,
            ]),
          }}
        />
      ),
    })),
    {
      key: 'backlog',
      node: (
        <ChartCard
          title={t('backlog.title')}
          testId="insights-backlog"
          loading={backlog.isLoading}
          isFetching={backlog.isFetching}
          rows={bl && bl.pending > 0 ? bl.buckets : []}
          rowKey={(r) => r.bucket}
          summary={
            bl && bl.pending > 0 ? (
              <Typography.Paragraph type="secondary">
                {t('backlog.summary', { n: bl.pending, p50: duration(bl.p50), p90: duration(bl.p90) })}
              </Typography.Paragraph>
            ) : null
          }
          option={bar(
            (bl?.buckets ?? []).map((r) => t(`backlog.${r.bucket}`)),
            [{ name: t('backlog.pending'), data: (bl?.buckets ?? []).map((r) => r.pending) }],
          )}
          onChartClick={({ dataIndex }) => {
            const r = bl?.buckets[dataIndex];
            if (r)
              open(`${t('metric.pending')} · ${t(`backlog.${r.bucket}`)}`, {
                metric: 'pending',
                bucket: r.bucket,
              });
          }}
          columns={[
            { key: 'b', title: t('backlog.bucket'), render: (_, r) => t(`backlog.${r.bucket}`) },
            {
              key: 'n',
              title: t('backlog.pending'),
              render: (_, r) => (
                <DrillLink
                  n={r.pending}
                  onClick={() =>
                    open(`${t('metric.pending')} · ${t(`backlog.${r.bucket}`)}`, {
                      metric: 'pending',
                      bucket: r.bucket,
                    })
                  }
                />
              ),
            },
          ]}
          csv={{
            fileName: `insights-backlog-${stamp}.csv`,
            header: [t('backlog.bucket'), t('backlog.pending')],
            rows: (bl?.buckets ?? []).map((r) => [t(`backlog.${r.bucket}`), r.pending]),
          }}
        />
      ),
    },
    {
      key: 'approvers',
      node: (
        <ChartCard
          title={t('approvers.title')}
          testId="insights-approvers"
          loading={approvers.isLoading}
          isFetching={approvers.isFetching}
          rows={ap}
          rowKey={(r) => r.approverId}
          option={bar(
            ap.map((r) => r.approverName ?? t('unmapped')),
            [
              { name: t('approvers.finished'), data: ap.map((r) => r.finished), stack: 'n' },
              { name: t('approvers.pending'), data: ap.map((r) => r.pending), stack: 'n' },
            ],
          )}
          onChartClick={({ dataIndex, seriesIndex }) => {
            const r = ap[dataIndex];
            if (!r) return;
            const name = r.approverName ?? t('unmapped');
            if (seriesIndex === 1)
              open(`${t('metric.pending')} · ${name}`, { metric: 'pending', approverId: r.approverId });
            else open(t('metric.approver', { name }), { metric: 'approver', approverId: r.approverId });
          }}
          columns={[
            { key: 'a', title: t('bottleneck.approver'), render: (_, r) => r.approverName ?? t('unmapped') },
            {
              key: 'f',
              title: t('approvers.finished'),
              render: (_, r) => (
                <DrillLink
                  n={r.finished}
                  onClick={() =>
                    open(t('metric.approver', { name: r.approverName ?? '' }), {
                      metric: 'approver',
                      approverId: r.approverId,
                    })
                  }
                />
              ),
            },
            {
              key: 'p',
              title: t('approvers.pending'),
              render: (_, r) => (
                <DrillLink
                  n={r.pending}
                  onClick={() =>
                    open(`${t('metric.pending')} · ${r.approverName ?? ''}`, {
                      metric: 'pending',
                      approverId: r.approverId,
                    })
                  }
                />
              ),
            },
            { key: 'w', title: t('approvers.p50'), render: (_, r) => duration(r.p50) },
          ]}
          csv={{
            fileName: `insights-approvers-${stamp}.csv`,
            header: [
              t('bottleneck.approver'),
              t('approvers.finished'),
              t('approvers.pending'),
              `${t('approvers.p50')} (s)`,
            ],
            rows: ap.map((r) => [r.approverName ?? '', r.finished, r.pending, r.p50]),
          }}
        />
      ),
    },
  ];

  return (
    <div data-testid="insights-page">
      <PageHeader
        title={t('title')}
        hint={
          departments
            ? t('hint.scoped', { departments: departments.join(t('separator')), zone: timeZone })
            : t('hint.all', { zone: timeZone })
        }
      />
      <InsightsFilters params={params} period={period} options={options.data?.data} onChange={setParams} />
      <Row gutter={[16, 16]}>
        {cards.map((card) => (
          <Col key={card.key} xs={24} xl={12} style={{ minWidth: 0 }}>
            {card.node}
          </Col>
        ))}
        {isAdmin && (
          <Col xs={24}>
            <InsightGrantsCard />
          </Col>
        )}
      </Row>
      <DrillDownDrawer drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
