'use client';

import { ClearOutlined, FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Checkbox, Drawer, Flex, Input, Select } from 'antd';
import dynamic from 'next/dynamic';
import { useEffect, useState } from 'react';
import css from '@/components/layout/responsive.module.css';
import { isStatusKey } from '@/components/tasks/TaskStatusTag';
import { useInboxFacets } from '@/lib/client/queries/use-inbox';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';

export type FilterParams = Record<string, string>;

/**
 * The date pickers load after the page (they are the heaviest controls of the bar and nobody needs one before
 * the list is on screen); until then, an input of the same size stands in.
 */
const DateRangeFilter = dynamic(() => import('./DateRangeFilter').then((m) => m.DateRangeFilter), {
  ssr: false,
  loading: () => <Input disabled style={{ width: 240 }} />,
});

const STATUS_OPTIONS: Record<InboxView, string[]> = {
  pending: [],
  done: ['done', 'acted', 'cancelled', 'deleted'],
  initiated: ['running', 'completed', 'terminated', 'cancelled'],
  cc: [],
};

/**
 * The filter bar of an inbox view. Every control reads and writes URL search params (`params`), so a view
 * can be bookmarked, shared and saved. On a phone the bar is the search box and a filter button that opens the
 * same controls (and the saved views) in a bottom sheet; the split is CSS, so the first paint is already right.
 */
export function InboxFilters({
  view,
  sources,
  params,
  onChange,
  searchRef,
  savedViews,
}: {
  view: InboxView;
  /** The source kinds to offer, handed down by the page (the schema's list stays on the server). */
  sources: readonly ConnectorKind[];
  params: FilterParams;
  onChange(next: FilterParams): void;
  searchRef?: React.Ref<React.ComponentRef<typeof Input.Search>>;
  /** 我的视图, shown at the top of the phone's filter sheet (the desktop shows it beside the list). */
  savedViews?: React.ReactNode;
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
  const active = Object.keys(params).filter((k) => k !== 'sort' && k !== 'q').length;
  const hasFilters = active > 0 || !!params.q;
  const [isSheetOpen, setSheetOpen] = useState(false);
  const isTaskView = view !== 'initiated';
  const clear = () => onChange(params.sort ? { sort: params.sort } : {});

  /** The filter controls; `isSheet`: stacked full-width in the phone's bottom sheet. */
  const controls = (isSheet: boolean) => {
    const width = (px: number) => (isSheet ? { width: '100%' } : { minWidth: px });
    return (
      <>
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('filter.source')}
          style={width(150)}
          value={params.source ? params.source.split(',') : []}
          onChange={(v: string[]) => set({ source: v.join(',') })}
          options={sources.map((s) => ({ value: s, label: t(`source:${s}`) }))}
          aria-label={t('filter.source')}
        />
        <Select
          allowClear
          placeholder={t('filter.connector')}
          style={width(150)}
          value={params.connectorId ?? null}
          onChange={(v: string | undefined) => set({ connectorId: v })}
          options={(facets.data?.connectors ?? []).map((c) => ({ value: c.id, label: c.name }))}
          aria-label={t('filter.connector')}
        />
        <Select
          allowClear
          showSearch
          placeholder={t('filter.process')}
          style={width(150)}
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
            style={width(140)}
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
          style={isSheet ? { width: '100%' } : { width: 120 }}
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
          style={isSheet ? { width: '100%' } : { width: 140 }}
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
    );
  };

  return (
    <>
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="inbox-filters">
        <Input.Search
          ref={searchRef}
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(value) => set({ q: value.trim() })}
          placeholder={t('search')}
          style={{ flex: '1 1 200px', maxWidth: 280 }}
          aria-label={t('search')}
        />
        <span className={css.phoneOnly}>
          <Badge count={active} size="small">
            <Button
              icon={<FilterOutlined />}
              onClick={() => setSheetOpen(true)}
              aria-label={t('filters')}
              data-testid="filter-sheet-button"
            />
          </Badge>
        </span>
        <Flex wrap gap={8} className={css.desktopOnly}>
          {controls(false)}
          {hasFilters && (
            <Button icon={<ClearOutlined />} onClick={clear}>
              {t('filter.clear')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Drawer
        placement="bottom"
        size="auto"
        open={isSheetOpen}
        onClose={() => setSheetOpen(false)}
        title={t('filters')}
        styles={{ body: { maxHeight: '70vh', overflow: 'auto' } }}
        footer={
          <Flex gap={8}>
            <Button block icon={<ClearOutlined />} disabled={!hasFilters} onClick={clear}>
              {t('filter.clear')}
            </Button>
            <Button block type="primary" onClick={() => setSheetOpen(false)}>
              {t('filter.done')}
            </Button>
          </Flex>
        }
      >
        <Flex vertical gap={12} data-testid="filter-sheet">
          {savedViews}
          {controls(true)}
        </Flex>
      </Drawer>
    </>
  );
}
