'use client';

import { Badge, Button, Col, ConfigProvider, Flex, type Input, Row, Typography } from 'antd';
import dynamic from 'next/dynamic';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { Panel } from '@/components/common/Panel';
import css from '@/components/layout/responsive.module.css';
import { isShortcutBlocked } from '@/components/tasks/keyboard';
import { PendingStepText } from '@/components/tasks/PendingStepText';
import { ShortcutHelp } from '@/components/tasks/ShortcutHelp';
import { UrgeButton } from '@/components/tasks/UrgeButton';
import { type InboxAnswer, useInbox } from '@/lib/client/queries/use-inbox';
import { useHydrated } from '@/lib/client/use-hydrated';
import { useIsPhone } from '@/lib/client/use-is-phone';
import { useNow } from '@/lib/client/use-now';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import type { QualifiedKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import type { InboxRow } from '@/lib/tasks/inbox/list-inbox';
import type { BatchOutcome } from './BatchApproveModal';
import { InboxCardList } from './InboxCardList';
import { type FilterParams, InboxFilters } from './InboxFilters';
import { InboxTable } from './InboxTable';
import { SavedViewsPanel } from './SavedViewsPanel';

/** Loaded when first opened: the dialog is not part of the page's first load. */
const BatchApproveModal = dynamic(() => import('./BatchApproveModal').then((m) => m.BatchApproveModal), {
  ssr: false,
});

const TITLES: Record<InboxView, QualifiedKey> = {
  pending: 'common:nav.pending',
  done: 'common:nav.done',
  initiated: 'common:nav.initiated',
  cc: 'common:nav.cc',
};

function toQuery(params: FilterParams, pathname = window.location.pathname): string {
  const search = new URLSearchParams(params).toString();
  return `${pathname}${search ? `?${search}` : ''}`;
}

/**
 * One inbox view: filters, search and sort in the URL, server-paged by cursor, kept live by server-sent events;
 * saved views on the side; batch approve and keyboard shortcuts in 待我处理.
 *
 * The first page arrives rendered with the HTML, so it is on screen (and clicked) before React hydrates: every
 * row opens its task through a real link (the title in the table, the whole card on a phone), the pager is links
 * too, and the controls that only a React handler can serve (batch selection and approve, filters, saved views,
 * shortcuts) are disabled until hydration instead of swallowing the click. `phoneGuess` is the server's guess of
 * the phone layout from the request, so a phone gets its cards in that first paint.
 */
export function InboxPage({
  view,
  sources,
  phoneGuess = false,
}: {
  view: InboxView;
  /** The source kinds for the filter, from the server: the page bundles neither the schema nor zod. */
  sources: readonly ConnectorKind[];
  phoneGuess?: boolean;
}) {
  const t = useT('inbox');
  const isPhone = useIsPhone(phoneGuess);
  const hydrated = useHydrated();
  const router = useRouter();
  const search = useSearchParams();
  const all = useMemo(() => Object.fromEntries(search.entries()), [search]);
  const { cursor, ...params } = all;
  const { data, error, isLoading, isFetching } = useInbox(view, all);
  const searchRef = useRef<React.ComponentRef<typeof Input.Search>>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [failures, setFailures] = useState<Record<string, string>>({});
  // The rows being batch-approved, fixed when the dialog opens (the live list changes while it runs).
  const [batchRows, setBatchRows] = useState<InboxRow[] | null>(null);
  // Mounted from its first opening on (and kept, so it can animate closed and finish reporting).
  const [isBatchUsed, setBatchUsed] = useState(false);
  const [focus, setFocus] = useState(0);
  const items = data?.items ?? [];
  const now = useNow(data?.asOf);

  const apply = (next: FilterParams) => {
    setFocus(0);
    // Filters live only in the URL: the native history API updates useSearchParams without a server round trip.
    window.history.pushState(null, '', toQuery(next));
  };

  // Keyboard: j/k move, Enter/o open, x select, / search (? opens the help: ShortcutHelp).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isShortcutBlocked(event)) return;
      const row = items[focus];
      if (event.key === 'j') setFocus((f) => Math.min(f + 1, Math.max(items.length - 1, 0)));
      else if (event.key === 'k') setFocus((f) => Math.max(f - 1, 0));
      else if ((event.key === 'Enter' || event.key === 'o') && row)
        router.push(`/instances/${row.instanceId}`);
      else if (event.key === 'x' && row?.isBatchApprovable && view === 'pending')
        setSelected((s) => (s.includes(row.id) ? s.filter((id) => id !== row.id) : [...s, row.id]));
      else if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      } else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, focus, router, view]);

  const selectedRows = items.filter((r) => selected.includes(r.id));
  const onBatchClosed = (outcome: BatchOutcome | null) => {
    setBatchRows(null);
    if (!outcome) return;
    setFailures(outcome.failed);
    // Failed items stay selected to retry; those still processing stay selected until their result arrives.
    setSelected([...Object.keys(outcome.failed), ...outcome.pending]);
  };

  return (
    <ConfigProvider componentDisabled={!hydrated}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={5} xl={4} xxl={3} className={css.desktopOnly}>
          <Panel size="small">
            <SavedViewsPanel view={view} params={params} onApply={apply} />
          </Panel>
        </Col>
        <Col xs={24} lg={19} xl={20} xxl={21}>
          <Panel>
            <PageHeader
              title={t(TITLES[view])}
              tags={
                <>
                  {view === 'pending' && data ? (
                    <Badge
                      count={data.counts.pending}
                      overflowCount={999}
                      showZero
                      color="blue"
                      data-testid="pending-count"
                    />
                  ) : null}
                  {view === 'cc' && data ? <Badge count={data.counts.ccUnread} overflowCount={999} /> : null}
                  {view === 'pending' && data && data.counts.overdue > 0 ? (
                    <Typography.Text type="danger" style={{ fontSize: 13, marginInlineStart: 8 }}>
                      {t('overdueCount', { n: data.counts.overdue })}
                    </Typography.Text>
                  ) : null}
                </>
              }
              extra={
                <Flex gap={8} align="center" className={css.desktopOnly}>
                  {view === 'pending' && (
                    <>
                      {selected.length > 0 && (
                        <Typography.Text type="secondary">
                          {t('batch.selected', { n: selected.length })}
                        </Typography.Text>
                      )}
                      <Button
                        type="primary"
                        disabled={!hydrated || !selectedRows.length}
                        onClick={() => {
                          setBatchUsed(true);
                          setBatchRows(selectedRows);
                        }}
                      >
                        {t('batch.approve')}
                      </Button>
                    </>
                  )}
                  <ShortcutHelp />
                </Flex>
              }
            />
            <InboxFilters
              view={view}
              sources={sources}
              params={params}
              onChange={apply}
              searchRef={searchRef}
              savedViews={<SavedViewsPanel view={view} params={params} onApply={apply} />}
            />
            <LoadingError error={error} style={{ marginBottom: 16 }} />
            {isPhone ? (
              <div>
                <InboxCardList
                  view={view}
                  rows={items}
                  now={now}
                  isLoading={isLoading || (isFetching && !data)}
                  failures={failures}
                  renderPendingStep={(row) =>
                    row.pendingStep ? (
                      <PendingStepText step={row.pendingStep} withNode={view === 'initiated'} />
                    ) : null
                  }
                  renderAction={(row) =>
                    view === 'initiated' && isUrgeable(row) ? (
                      <UrgeButton
                        instanceId={row.instanceId}
                        nextAllowedAt={row.urgeNextAllowedAt}
                        size="small"
                      />
                    ) : null
                  }
                />
              </div>
            ) : (
              <InboxTable
                view={view}
                rows={items}
                now={now}
                isLoading={isLoading || (isFetching && !data)}
                failures={failures}
                focus={focus}
                onFocus={setFocus}
                selected={selected}
                onSelect={setSelected}
                isHydrated={hydrated}
                renderAction={(row) =>
                  view === 'initiated' && isUrgeable(row) ? (
                    <UrgeButton
                      instanceId={row.instanceId}
                      nextAllowedAt={row.urgeNextAllowedAt}
                      size="small"
                    />
                  ) : null
                }
              />
            )}
            <Pager
              data={data}
              cursor={cursor}
              hrefOf={(next) => toQuery(next ? { ...params, cursor: next } : params, `/inbox/${view}`)}
            />
          </Panel>
        </Col>
        {view === 'pending' && isBatchUsed && (
          <BatchApproveModal rows={batchRows ?? []} open={batchRows !== null} onClose={onBatchClosed} />
        )}
      </Row>
    </ConfigProvider>
  );
}

/**
 * First / next page as links (`?cursor=…`): before hydration they load the page from the server; after it, a click
 * only updates the URL and the list follows without a round trip for the page.
 */
function Pager({
  data,
  cursor,
  hrefOf,
}: {
  data?: InboxAnswer;
  cursor?: string;
  hrefOf(cursor?: string): string;
}) {
  const t = useT('inbox');
  if (!cursor && !data?.nextCursor) return null;
  const go = (href: string) => (event: React.MouseEvent<HTMLElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    window.history.pushState(null, '', href);
  };
  const first = hrefOf(undefined);
  const next = data?.nextCursor ? hrefOf(data.nextCursor) : null;
  return (
    <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
      {cursor && (
        <Button href={first} disabled={false} onClick={go(first)}>
          {t('firstPage')}
        </Button>
      )}
      {next && (
        <Button type="primary" href={next} disabled={false} onClick={go(next)}>
          {t('nextPage')}
        </Button>
      )}
    </Flex>
  );
}

/** 我发起的: a running request someone still has to act on can be urged (催办, docs/reminders.md). */
function isUrgeable(row: InboxRow): boolean {
  return row.status === 'running' && (row.pendingStep?.approvers.length ?? 0) > 0;
}
