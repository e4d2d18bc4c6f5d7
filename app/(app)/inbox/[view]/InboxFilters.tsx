'use client';

import { ClearOutlined, FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Checkbox, Flex, Input } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import css from '@/components/layout/responsive.module.css';
import { isStatusKey } from '@/components/tasks/TaskStatusTag';
import { useHydrated } from '@/lib/client/use-hydrated';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import type { QualifiedKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import { STATUS_OPTIONS, sortsOf, WIDTHS } from './filter-layout';

export type FilterParams = Record<string, string>;

/*
 * The filter controls (antd Select, the date pickers) and the phone's sheet load after the page: nobody filters
 * before the list is on screen, and they are the heaviest part of the bar. Until they arrive, disabled inputs of
 * the same size and text stand in (FilterStandIns), so nothing moves when they do.
 */
const FilterControls = lazy(() => import('./FilterControls').then((m) => ({ default: m.FilterControls })));
const FilterSheet = lazy(() => import('./FilterSheet').then((m) => ({ default: m.FilterSheet })));

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
  const hydrated = useHydrated();
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
  // Mounted from its first opening on (and kept, so it can animate closed).
  const [isSheetUsed, setSheetUsed] = useState(false);
  const clear = () => onChange(params.sort ? { sort: params.sort } : {});

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
              onClick={() => {
                setSheetUsed(true);
                setSheetOpen(true);
              }}
              aria-label={t('filters')}
              data-testid="filter-sheet-button"
            />
          </Badge>
        </span>
        <Flex wrap gap={8} className={css.desktopOnly}>
          {hydrated ? (
            <Suspense fallback={<FilterStandIns view={view} params={params} />}>
              <FilterControls view={view} sources={sources} params={params} set={set} isSheet={false} />
            </Suspense>
          ) : (
            <FilterStandIns view={view} params={params} />
          )}
          {hasFilters && (
            <Button icon={<ClearOutlined />} onClick={clear}>
              {t('filter.clear')}
            </Button>
          )}
        </Flex>
      </Flex>
      {isSheetUsed && (
        <Suspense fallback={null}>
          <FilterSheet
            open={isSheetOpen}
            onClose={() => setSheetOpen(false)}
            hasFilters={hasFilters}
            onClear={clear}
          >
            {savedViews}
            <FilterControls view={view} sources={sources} params={params} set={set} isSheet />
          </FilterSheet>
        </Suspense>
      )}
    </>
  );
}

/**
 * What the desktop bar shows until FilterControls has loaded: each control as a disabled input of its width,
 * showing its placeholder or its current value (the URL's), and the view's checkbox.
 */
function FilterStandIns({ view, params }: { view: InboxView; params: FilterParams }) {
  const t = useT('inbox');
  const box = (key: string, width: number, label: string, value?: string) => (
    <Input key={key} disabled style={{ width }} placeholder={label} value={value ?? ''} aria-label={label} />
  );
  const list = (value?: string, label?: (v: string) => string) =>
    value
      ? value
          .split(',')
          .map((v) => (label ? label(v) : v))
          .join(', ')
      : undefined;
  const sort = (params.sort ?? sortsOf(view)[0]) as ReturnType<typeof sortsOf>[number];
  return (
    <>
      {box(
        'source',
        WIDTHS.select,
        t('filter.source'),
        list(params.source, (s) => t(`source:${s}` as QualifiedKey)),
      )}
      {box('connector', WIDTHS.select, t('filter.connector'), params.connectorId && '…')}
      {box('process', WIDTHS.select, t('filter.process'), params.process)}
      {STATUS_OPTIONS[view].length > 0 &&
        box(
          'status',
          WIDTHS.status,
          t('filter.status'),
          list(params.status, (s) => (isStatusKey(s) ? t(`status:${s}`) : s)),
        )}
      {box('originator', WIDTHS.originator, t('filter.originator'), params.originator)}
      {box('received', WIDTHS.dates, t('filter.received'), dates(params.receivedFrom, params.receivedTo))}
      {view !== 'initiated' && box('due', WIDTHS.dates, t('filter.due'), dates(params.dueFrom, params.dueTo))}
      {box('sort', WIDTHS.sort, 'sort', t(`sort.${sort}`))}
      {view === 'pending' && (
        <Checkbox disabled checked={params.overdue === '1'}>
          {t('filter.overdue')}
        </Checkbox>
      )}
      {view === 'cc' && (
        <Checkbox disabled checked={params.unread === '1'}>
          {t('filter.unread')}
        </Checkbox>
      )}
    </>
  );
}

function dates(from?: string, to?: string): string | undefined {
  return from || to ? `${from ?? ''} ~ ${to ?? ''}` : undefined;
}
