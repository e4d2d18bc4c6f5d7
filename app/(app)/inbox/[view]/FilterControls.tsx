'use client';

import { Checkbox, Input, Select } from 'antd';
import dynamic from 'next/dynamic';
import { isStatusKey } from '@/components/tasks/TaskStatusTag';
import { useInboxFacets } from '@/lib/client/queries/use-inbox';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import { STATUS_OPTIONS, sortsOf, WIDTHS } from './filter-layout';
import type { FilterParams } from './InboxFilters';

/**
 * The date pickers load after the rest of the bar (they are its heaviest controls: rc-picker, its calendars and
 * locales); until then, an input of the same size stands in.
 */
const DateRangeFilter = dynamic(() => import('./DateRangeFilter').then((m) => m.DateRangeFilter), {
  ssr: false,
  loading: () => <Input disabled style={{ width: WIDTHS.dates }} />,
});

/**
 * The filter controls of an inbox view (source, connector, process, status, originator, dates, sort, overdue /
 * unread). Their own module, loaded after the page (InboxFilters): antd's Select (rc-select, its virtual list) is
 * not part of the inbox's first load. `isSheet`: stacked full-width in the phone's bottom sheet.
 */
export function FilterControls({
  view,
  sources,
  params,
  set,
  isSheet,
}: {
  view: InboxView;
  sources: readonly ConnectorKind[];
  params: FilterParams;
  set(patch: Record<string, string | undefined | null>): void;
  isSheet: boolean;
}) {
  const t = useT('inbox');
  const facets = useInboxFacets();
  const isTaskView = view !== 'initiated';
  const width = (px: number) => (isSheet ? { width: '100%' } : { minWidth: px });
  return (
    <>
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('filter.source')}
        style={width(WIDTHS.select)}
        value={params.source ? params.source.split(',') : []}
        onChange={(v: string[]) => set({ source: v.join(',') })}
        options={sources.map((s) => ({ value: s, label: t(`source:${s}`) }))}
        aria-label={t('filter.source')}
      />
      <Select
        allowClear
        placeholder={t('filter.connector')}
        style={width(WIDTHS.select)}
        value={params.connectorId ?? null}
        onChange={(v: string | undefined) => set({ connectorId: v })}
        options={(facets.data?.connectors ?? []).map((c) => ({ value: c.id, label: c.name }))}
        aria-label={t('filter.connector')}
      />
      <Select
        allowClear
        showSearch
        placeholder={t('filter.process')}
        style={width(WIDTHS.select)}
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
          style={width(WIDTHS.status)}
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
        style={isSheet ? { width: '100%' } : { width: WIDTHS.originator }}
        defaultValue={params.originator}
        key={`originator-${params.originator ?? ''}`}
        onPressEnter={(e) => set({ originator: e.currentTarget.value.trim() })}
        onBlur={(e) =>
          e.currentTarget.value.trim() !== (params.originator ?? '') &&
          set({ originator: e.currentTarget.value.trim() })
        }
        aria-label={t('filter.originator')}
      />
      <DateRangeFilter
        from={params.receivedFrom}
        to={params.receivedTo}
        placeholder={t('filter.received')}
        block={isSheet}
        onChange={(receivedFrom, receivedTo) => set({ receivedFrom, receivedTo })}
      />
      {isTaskView && (
        <DateRangeFilter
          from={params.dueFrom}
          to={params.dueTo}
          placeholder={t('filter.due')}
          block={isSheet}
          onChange={(dueFrom, dueTo) => set({ dueFrom, dueTo })}
        />
      )}
      <Select
        style={isSheet ? { width: '100%' } : { width: WIDTHS.sort }}
        value={params.sort ?? 'received'}
        onChange={(v: string) => set({ sort: v === 'received' ? undefined : v })}
        options={sortsOf(view).map((s) => ({ value: s, label: t(`sort.${s}`) }))}
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
  );
}
