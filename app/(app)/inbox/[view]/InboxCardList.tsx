'use client';

import { ClockCircleOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Empty, Flex, Spin, Tag, Typography, theme } from 'antd';
import Link from 'next/link';
import { DelegationMark } from '@/components/delegation/DelegationMark';
import { OverdueBy } from '@/components/tasks/OverdueBy';
import { useProcessLabel } from '@/components/tasks/process-label';
import { SourceTag } from '@/components/tasks/SourceTag';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { formatRelative, formatTime } from '@/lib/client/format-time';
import { useLocale, useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import type { InboxRow } from '@/lib/tasks/inbox/list-inbox';

/**
 * An inbox view as cards, for phones: each card is one link to the detail page with the title, the summary,
 * and a line of source, originator, status, received time and overdue, all readable at 390 px.
 */
export function InboxCardList({
  view,
  rows,
  now,
  isLoading,
  failures,
  renderPendingStep,
  renderAction,
}: {
  view: InboxView;
  rows: InboxRow[];
  /** What relative times count to (useNow). */
  now: string | number | undefined;
  isLoading: boolean;
  /** Batch-approve failures by task id, shown under the title as in the table. */
  failures: Record<string, string>;
  /**
   * Slot for who holds the request now (the row's pending node and its approvers, "等待 王敏 审批 · 会签 1/2"),
   * rendered as its own line under the meta line when given.
   */
  renderPendingStep?: (row: InboxRow) => React.ReactNode;
  /** Slot for an action on the row (我发起的: 催办), under the card's link: a button cannot sit inside a link. */
  renderAction?: (row: InboxRow) => React.ReactNode;
}) {
  const t = useT('inbox');
  const processLabel = useProcessLabel();
  const locale = useLocale();
  const { token } = theme.useToken();
  const label = (key: 'col.node' | 'col.due') => t('common:labelValue', { label: t(key) });
  return (
    <Spin spinning={isLoading}>
      <Flex
        vertical
        gap={token.marginSM}
        data-testid="inbox-cards"
        style={{ minHeight: isLoading ? 120 : 0 }}
      >
        {!isLoading && rows.length === 0 && <Empty description={t('empty')} />}
        {rows.map((row) => {
          const pendingStep = renderPendingStep?.(row);
          const action = renderAction?.(row);
          const frame = {
            padding: token.paddingSM,
            borderRadius: token.borderRadiusLG,
            border: `1px solid ${token.colorBorderSecondary}`,
            background: token.colorBgContainer,
          };
          const card = (
            <Link
              key={row.id}
              href={`/instances/${row.instanceId}`}
              data-testid="inbox-card"
              style={{ display: 'block', width: '100%', color: 'inherit', ...(action ? {} : frame) }}
            >
              <Flex vertical gap={token.marginXXS}>
                <Flex align="start" gap={token.marginXS}>
                  {!row.isRead && <Badge status="processing" style={{ lineHeight: 1.6 }} />}
                  <Typography.Text
                    strong
                    style={{ flex: 1, minWidth: 0, fontSize: token.fontSizeLG, overflowWrap: 'anywhere' }}
                  >
                    {row.title}
                  </Typography.Text>
                  <TaskStatusTag status={row.status} result={row.result} />
                </Flex>
                <DelegationMark onBehalfOfName={row.onBehalfOfName} actedByName={row.actedByName} />
                {row.summary && (
                  <Typography.Paragraph
                    type="secondary"
                    ellipsis={{ rows: 2 }}
                    style={{ margin: 0, fontSize: token.fontSizeSM }}
                  >
                    {row.summary}
                  </Typography.Paragraph>
                )}
                <Flex wrap align="center" gap={token.marginXS} style={{ fontSize: token.fontSizeSM }}>
                  <SourceTag source={row.source} />
                  <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                    {processLabel(row.processName, row.source)}
                  </Typography.Text>
                  {row.originatorName && (
                    <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                      <UserOutlined /> {row.originatorName}
                    </Typography.Text>
                  )}
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: token.fontSizeSM }}
                    title={formatTime(row.receivedAt)}
                  >
                    <ClockCircleOutlined /> {formatRelative(row.receivedAt, locale, now)}
                  </Typography.Text>
                  {view !== 'initiated' && row.nodeName && (
                    <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                      {label('col.node')}
                      {row.nodeName}
                    </Typography.Text>
                  )}
                </Flex>
                {pendingStep}
                {row.dueAt && (view === 'pending' || view === 'done') && (
                  <Flex align="center" gap={token.marginXS}>
                    {row.isOverdue && (
                      <Tag color="error" variant="filled" data-testid="card-overdue">
                        <OverdueBy duration={row.overdueBy} />
                      </Tag>
                    )}
                    <Typography.Text
                      type={row.isOverdue ? 'danger' : 'secondary'}
                      style={{ fontSize: token.fontSizeSM }}
                    >
                      {label('col.due')}
                      {formatTime(row.dueAt, 'dayTime')}
                    </Typography.Text>
                  </Flex>
                )}
                {failures[row.id] && (
                  <Typography.Text type="danger" style={{ fontSize: token.fontSizeSM }}>
                    {failures[row.id]}
                  </Typography.Text>
                )}
              </Flex>
            </Link>
          );
          if (!action) return card;
          return (
            <div key={row.id} style={frame} data-testid="inbox-card-frame">
              {card}
              <Flex justify="end" style={{ marginTop: token.marginXS }}>
                {action}
              </Flex>
            </div>
          );
        })}
      </Flex>
    </Spin>
  );
}
