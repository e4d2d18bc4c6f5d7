'use client';

import { ExportOutlined } from '@ant-design/icons';
import { Badge, Checkbox, Empty, Flex, Grid, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import Link from 'next/link';
import { ClientLinkButton } from '@/components/common/ClientLinkButton';
import { DelegationMark } from '@/components/delegation/DelegationMark';
import { OverdueBy } from '@/components/tasks/OverdueBy';
import { PendingStepText } from '@/components/tasks/PendingStepText';
import { useProcessLabel } from '@/components/tasks/process-label';
import { SourceTag } from '@/components/tasks/SourceTag';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { formatRelative, formatTime } from '@/lib/client/format-time';
import { useLocale, useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import type { InboxRow } from '@/lib/tasks/inbox/list-inbox';
import css from './InboxTable.module.css';

type Column = {
  key: string;
  title: React.ReactNode;
  /** The narrowest screen the column shows on (antd's breakpoints), by CSS: `sm` 576, `md` 768, `xxl` 1600 px. */
  from?: 'sm' | 'md' | 'xxl';
  /** Kept at the right edge while the table scrolls sideways. */
  isPinned?: boolean;
  render(row: InboxRow): React.ReactNode;
};

const FROM = { sm: css.fromSm, md: css.fromMd, xxl: css.fromXxl };

/**
 * An inbox view as a table, for desktops: a plain `<table>` rather than antd's `Table`, which brings rc-table
 * and, through its filter and pagination code, rc-select, rc-tree and rc-pagination (49 KB gzip) to a list that
 * uses none of them. Every row is on the server-rendered page with a real link on its title, so it opens before
 * hydration; the batch checkboxes are disabled until then (`isHydrated`).
 */
export function InboxTable({
  view,
  rows,
  now,
  isLoading,
  failures,
  focus,
  onFocus,
  selected,
  onSelect,
  isHydrated,
  renderAction,
}: {
  view: InboxView;
  rows: InboxRow[];
  /** What relative times count to (useNow). */
  now: string | number | undefined;
  isLoading: boolean;
  /** Batch-approve failures by task id, shown under the title. */
  failures: Record<string, string>;
  /** The keyboard's row (j/k), marked with a bar on its left edge. */
  focus: number;
  onFocus(index: number): void;
  /** The batch selection (待我处理 only): task ids. */
  selected: string[];
  onSelect(ids: string[]): void;
  isHydrated: boolean;
  /** Slot for an action on the row (我发起的: 催办), before the link into the source. */
  renderAction?: (row: InboxRow) => React.ReactNode;
}) {
  const t = useT('inbox');
  const processLabel = useProcessLabel();
  const locale = useLocale();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const isSelectable = view === 'pending';
  const selectable = rows.filter((r) => r.isBatchApprovable);
  const selectedCount = selectable.filter((r) => selected.includes(r.id)).length;

  const columns: Column[] = [
    {
      key: 'title',
      title: t('col.title'),
      render: (row) => (
        <Flex vertical style={{ minWidth: 180, maxWidth: 240 }}>
          <Link href={`/instances/${row.instanceId}`}>
            <Typography.Text strong={!row.isRead}>
              {!row.isRead && <Badge status="processing" style={{ marginInlineEnd: 6 }} />}
              {row.title}
            </Typography.Text>
          </Link>
          <DelegationMark onBehalfOfName={row.onBehalfOfName} actedByName={row.actedByName} />
          {row.summary && (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
              {row.summary}
            </Typography.Text>
          )}
          {failures[row.id] && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {failures[row.id]}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'source',
      title: t('col.source'),
      render: (row) => <SourceTag source={row.source} connectorName={row.connectorName} />,
    },
    {
      key: 'process',
      title: t('col.process'),
      from: 'md',
      // The mapping's category (/admin/processes) as a tag before the (display) name.
      render: (row) => (
        <>
          {row.processCategory && <Tag variant="filled">{row.processCategory}</Tag>}
          {processLabel(row.processName, row.source)}
        </>
      ),
    },
    {
      key: 'originator',
      title: t('col.originator'),
      from: 'sm',
      render: (row) => row.originatorName ?? '—',
    },
    ...(view === 'initiated'
      ? []
      : [
          {
            key: 'node',
            title: t('col.node'),
            // Below 1600 px the columns would not fit beside the saved views: the node then shows in
            // 当前处理人 ("项目负责人 · 等待 张三 审批").
            from: 'xxl' as const,
            render: (row: InboxRow) => row.nodeName ?? '—',
          },
        ]),
    {
      key: 'status',
      title: t('col.status'),
      render: (row) => <TaskStatusTag status={row.status} result={row.result} />,
    },
    {
      key: 'holder',
      title: t('col.holder'),
      from: 'md',
      render: (row) =>
        row.pendingStep ? (
          // Wraps within its width: several approvers must not widen the table past the screen.
          <div style={{ minWidth: 140, maxWidth: 220 }}>
            <PendingStepText step={row.pendingStep} withNode={view === 'initiated' || !screens.xxl} />
          </div>
        ) : (
          '—'
        ),
    },
    {
      key: 'received',
      title: t('col.received'),
      from: 'sm',
      render: (row) => (
        <Tooltip title={formatTime(row.receivedAt)}>
          <span style={{ whiteSpace: 'nowrap' }}>{formatRelative(row.receivedAt, locale, now)}</span>
        </Tooltip>
      ),
    },
    ...(view === 'pending' || view === 'done'
      ? [
          {
            key: 'due',
            title: t('col.due'),
            from: 'md' as const,
            render: (row: InboxRow) =>
              row.dueAt ? (
                <Typography.Text type={row.isOverdue ? 'danger' : undefined}>
                  {formatTime(row.dueAt, 'dayTime')}
                  {row.isOverdue && (
                    <>
                      {' · '}
                      <OverdueBy duration={row.overdueBy} />
                    </>
                  )}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]
      : []),
    {
      key: 'open',
      title: '',
      isPinned: true,
      render: (row) => (
        <Flex align="center" gap={4}>
          {renderAction?.(row)}
          {row.pcUrl ? (
            // An icon (named for screen readers and on hover) keeps the pinned column narrow.
            <Tooltip title={t('instance:openIn', { source: t(`source:${row.source}`) })}>
              <ClientLinkButton
                type="link"
                size="small"
                href={row.pcUrl}
                // A link, so it works before hydration too (the page's controls are disabled until then).
                disabled={false}
                icon={<ExportOutlined />}
                target="_blank"
                rel="noreferrer"
                aria-label={t('instance:openIn', { source: t(`source:${row.source}`) })}
              />
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
  ];
  const cellClass = (c: Column) => [c.from ? FROM[c.from] : '', c.isPinned ? css.pinned : ''].join(' ');
  const line = `${token.lineWidth}px ${token.lineType} ${token.colorSplit}`;
  const vars = {
    '--inbox-cell-bg': token.colorBgContainer,
    '--inbox-row-hover': token.colorFillAlter,
    '--inbox-row-selected': token.controlItemBgActive,
  } as React.CSSProperties;
  const toggle = (id: string) =>
    onSelect(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);

  return (
    <Spin spinning={isLoading}>
      <div className={css.scroll}>
        <table className={css.table} style={vars} data-testid="inbox-table">
          <thead>
            <tr style={{ color: token.colorTextHeading }}>
              {isSelectable && (
                <th
                  className={css.selection}
                  style={{ background: token.colorFillAlter, borderBottom: line }}
                >
                  <Checkbox
                    aria-label={t('batch.selectAll')}
                    disabled={!isHydrated || selectable.length === 0}
                    checked={selectable.length > 0 && selectedCount === selectable.length}
                    indeterminate={selectedCount > 0 && selectedCount < selectable.length}
                    onChange={(e) => onSelect(e.target.checked ? selectable.map((r) => r.id) : [])}
                  />
                </th>
              )}
              {columns.map((c) => (
                <th
                  key={c.key}
                  className={cellClass(c)}
                  style={{ background: token.colorFillAlter, borderBottom: line }}
                >
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr
                key={row.id}
                className={`${css.row} ${selected.includes(row.id) ? css.selected : ''}`}
                data-testid="inbox-row"
                data-focused={index === focus ? 'true' : undefined}
                style={index === focus ? { boxShadow: `inset 3px 0 0 ${token.colorPrimary}` } : undefined}
                onClick={() => onFocus(index)}
              >
                {isSelectable && (
                  <td className={css.selection} style={{ borderBottom: line }}>
                    {row.isBatchApprovable ? (
                      <Checkbox
                        disabled={!isHydrated}
                        checked={selected.includes(row.id)}
                        onChange={() => toggle(row.id)}
                        aria-label={row.title}
                      />
                    ) : (
                      // A disabled checkbox gets no hover events: the reason sits on a wrapper around it.
                      <Tooltip title={t('batch.notAllowed')}>
                        <span data-testid="batch-disabled-reason">
                          <Checkbox disabled aria-label={row.title} />
                        </span>
                      </Tooltip>
                    )}
                  </td>
                )}
                {columns.map((c) => (
                  <td key={c.key} className={cellClass(c)} style={{ borderBottom: line }}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && !isLoading && (
              <tr>
                <td colSpan={columns.length + (isSelectable ? 1 : 0)} style={{ borderBottom: line }}>
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </Spin>
  );
}
