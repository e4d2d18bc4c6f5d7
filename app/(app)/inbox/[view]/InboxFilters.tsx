'use client';

import { ClearOutlined, FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Checkbox, DatePicker, Flex, Grid, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { isStatusKey } from '@/components/tasks/TaskStatusTag';
import { DATE_VALUE_FORMAT } from '@/lib/client/format-time';
import { useInboxFacets } from '@/lib/client/queries/use-inbox';
import { useT } from '@/lib/i18n/locale-context';
import { INBOX_SOURCES, type InboxView } from '@/lib/tasks/inbox/inbox-filters';

export type FilterParams = Record<string, string>;

const STATUS_OPTIONS: Record<InboxView, string[]> = {
  pending: [],
  done: ['done', 'acted', 'cancelled', 'deleted'],
  initiated: ['running', 'completed', 'terminated', 'cancelled'],
  cc: [],
};

/**
 * The filter bar of an inbox view. Every control reads and writes URL search params (`params`), so a view
 * can be bookmarked, shared and saved.
 */
export function InboxFilters({
  view,
  params,
  onChange,
  searchRef,
}: {
  view: InboxView;
  params: FilterParams;
  onChange(next: FilterParams): void;
  searchRef?: React.Ref<React.ComponentRef<typeof Input.Search>>;
}) {
  const t = useT('inbox');
  const facets = useInboxFacets();
  const [q, setQ] = useState(params.q ?? '');
  useEffect(() => setQ(params.q ?? ''), [params.q]);

  const set = (patch: Record<string, string | undefined | null>) => {
    const next: FilterParams = { ...params };
    for (const [key, value] of Object.entries(patch)) {
      if (value) next[key] = value;
      else delete next[key];
    }
    onChange(next);
  };
  const range = (from: string, to: string) =>
    params[from] || params[to]
      ? ([params[from] ? dayjs(params[from]) : null, params[to] ? dayjs(params[to]) : null] as [
          dayjs.Dayjs | null,
          dayjs.Dayjs | null,
        ])
      : null;
  const active = Object.keys(params).filter((k) => k !== 'sort' && k !== 'q').length;
  const hasFilters = active > 0 || !!params.q;
  // On a phone the filters fold behind one button, so the list stays in view.
  const screens = Grid.useBreakpoint();
  const isCompact = screens.md === false;
  const [isExpanded, setExpanded] = useState(false);
  const showAll = !isCompact || isExpanded;
  const isTaskView = view !== 'initiated';

  return (
    <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="inbox-filters">
      <Input.Search
        ref={searchRef}
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => set({ q: value.trim() })}
        placeholder={t('search')}
        style={{ width: isCompact ? 'calc(100% - 48px)' : 280 }}
        aria-label={t('search')}
      />
      {isCompact && (
        <Badge count={active} size="small">
          <Button
            icon={<FilterOutlined />}
            onClick={() => setExpanded((e) => !e)}
            aria-label={t('filters')}
          />
        </Badge>
      )}
      {showAll && (
        <>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('filter.source')}
            style={{ minWidth: 150 }}
            value={params.source ? params.source.split(',') : []}
            onChange={(v: string[]) => set({ source: v.join(',') })}
            options={INBOX_SOURCES.map((s) => ({ value: s, label: t(`source:${s}`) }))}
            aria-label={t('filter.source')}
          />
          <Select
            allowClear
            placeholder={t('filter.connector')}
            style={{ minWidth: 150 }}
            value={params.connectorId ?? null}
            onChange={(v: string | undefined) => set({ connectorId: v })}
            options={(facets.data?.connectors ?? []).map((c) => ({ value: c.id, label: c.name }))}
            aria-label={t('filter.connector')}
          />
          <Select
            allowClear
            showSearch
            placeholder={t('filter.process')}
            style={{ minWidth: 150 }}
            value={params.process ?? null}
            onChange={(v: string | undefined) => set({ process: v })}
            options={(facets.data?.processes ?? []).map((p) => ({ value: p, label: p }))}
            aria-label={t('filter.process')}
          />
          {STATUS_OPTIONS[view].length > 0 && (
            <Select
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('filter.status')}
              style={{ minWidth: 140 }}
              value={params.status ? params.status.split(',') : []}
              onChange={(v: string[]) => set({ status: v.join(',') })}
              options={STATUS_OPTIONS[view].map((s) => ({
                value: s,
                label: isStatusKey(s) ? t(`status:${s}`) : s,
              }))}
            />
          )}
          <Input
            allowClear
            placeholder={t('filter.originator')}
            style={{ width: 120 }}
            defaultValue={params.originator}
            key={`originator-${params.originator ?? ''}`}
            onPressEnter={(e) => set({ originator: e.currentTarget.value.trim() })}
            onBlur={(e) =>
              e.currentTarget.value.trim() !== (params.originator ?? '') &&
              set({ originator: e.currentTarget.value.trim() })
            }
            aria-label={t('filter.originator')}
          />
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            placeholder={[t('filter.received'), '']}
            value={range('receivedFrom', 'receivedTo')}
            onChange={(v) =>
              set({
                receivedFrom: v?.[0]?.format(DATE_VALUE_FORMAT),
                receivedTo: v?.[1]?.format(DATE_VALUE_FORMAT),
              })
            }
          />
          {isTaskView && (
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              placeholder={[t('filter.due'), '']}
              value={range('dueFrom', 'dueTo')}
              onChange={(v) =>
                set({ dueFrom: v?.[0]?.format(DATE_VALUE_FORMAT), dueTo: v?.[1]?.format(DATE_VALUE_FORMAT) })
              }
            />
          )}
          <Select
            style={{ width: 140 }}
            value={params.sort ?? 'received'}
            onChange={(v: string) => set({ sort: v === 'received' ? undefined : v })}
            options={(isTaskView ? ['received', 'updated', 'due'] : ['received', 'updated']).map((s) => ({
              value: s,
              label: t(`sort.${s}` as 'sort.received'),
            }))}
            aria-label="sort"
          />
          {view === 'pending' && (
            <Checkbox
              checked={params.overdue === '1'}
              onChange={(e) => set({ overdue: e.target.checked ? '1' : undefined })}
            >
              {t('filter.overdue')}
            </Checkbox>
          )}
          {view === 'cc' && (
            <Checkbox
              checked={params.unread === '1'}
              onChange={(e) => set({ unread: e.target.checked ? '1' : undefined })}
            >
              {t('filter.unread')}
            </Checkbox>
          )}
        </>
      )}
      {hasFilters && showAll && (
        <Button icon={<ClearOutlined />} onClick={() => onChange(params.sort ? { sort: params.sort } : {})}>
          {t('filter.clear')}
        </Button>
      )}
    </Flex>
  );
}
