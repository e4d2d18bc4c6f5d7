'use client';

import { ExportOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useLocale } from '@/components/providers/LocaleProvider';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { type InboxAnswer, useInbox } from '@/lib/client/queries/use-inbox';
import type { MessageKey } from '@/lib/i18n/messages';
import type { InboxRow, InboxView } from '@/lib/tasks/inbox-queries';

dayjs.extend(relativeTime);

const TITLES: Record<InboxView, MessageKey> = {
  pending: 'nav.pending',
  done: 'nav.done',
  initiated: 'nav.initiated',
  cc: 'nav.cc',
};
const SOURCES: Record<InboxRow['source'], { zh: string; en: string; color: string }> = {
  dingtalk: { zh: '钉钉', en: 'DingTalk', color: 'blue' },
  yida: { zh: '宜搭', en: 'Yida', color: 'geekblue' },
  local: { zh: '本地', en: 'Local', color: 'green' },
  api: { zh: 'API', en: 'API', color: 'orange' },
};

/** One inbox view: server-paged by cursor (kept in the URL), polled so new tasks appear without a reload. */
export function InboxPage({ view }: { view: InboxView }) {
  const { t, locale } = useLocale();
  const router = useRouter();
  const params = useSearchParams();
  const cursor = params.get('cursor') ?? undefined;
  const { data, error, isLoading } = useInbox(view, cursor);
  const lang = locale === 'zh-CN' ? 'zh' : 'en';

  return (
    <Card>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t(TITLES[view])}{' '}
          {view === 'pending' && data ? <Badge count={data.counts.pending} overflowCount={999} /> : null}
        </Typography.Title>
      </Flex>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      <Table<InboxRow>
        rowKey="id"
        loading={isLoading}
        dataSource={data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
        columns={[
          {
            key: 'title',
            title: t('inbox.col.title'),
            render: (_, row) => (
              <Flex vertical>
                <Link href={`/instances/${row.instanceId}`}>
                  <Typography.Text strong={!row.isRead}>{row.title}</Typography.Text>
                </Link>
                {row.summary && (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420, fontSize: 12 }}>
                    {row.summary}
                  </Typography.Text>
                )}
              </Flex>
            ),
          },
          {
            key: 'source',
            title: t('inbox.col.source'),
            render: (_, row) => <Tag color={SOURCES[row.source].color}>{SOURCES[row.source][lang]}</Tag>,
          },
          {
            key: 'node',
            title: t('inbox.col.process'),
            render: (_, row) => row.processName ?? row.nodeName ?? '—',
          },
          {
            key: 'originator',
            title: t('inbox.col.originator'),
            render: (_, row) => row.originatorName ?? '—',
          },
          {
            key: 'status',
            title: t('inbox.col.status'),
            render: (_, row) => <TaskStatusTag status={row.status} result={row.result} />,
          },
          {
            key: 'received',
            title: t('inbox.col.received'),
            render: (_, row) => (
              <Tooltip title={dayjs(row.receivedAt).format('YYYY-MM-DD HH:mm')}>
                {dayjs(row.receivedAt).fromNow()}
              </Tooltip>
            ),
          },
          {
            key: 'open',
            title: '',
            render: (_, row) =>
              row.pcUrl ? (
                <Button
                  type="link"
                  size="small"
                  href={row.pcUrl}
                  icon={<ExportOutlined />}
                  target="_blank"
                  rel="noreferrer"
                >
                  {SOURCES[row.source][lang]}
                </Button>
              ) : null,
          },
        ]}
      />
      <Pager data={data} cursor={cursor} onCursor={(next) => router.push(next ? `?cursor=${next}` : '?')} />
    </Card>
  );
}

function Pager({
  data,
  cursor,
  onCursor,
}: {
  data?: InboxAnswer;
  cursor?: string;
  onCursor(c?: string): void;
}) {
  const { locale } = useLocale();
  if (!cursor && !data?.nextCursor) return null;
  return (
    <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
      {cursor && (
        <Button onClick={() => onCursor(undefined)}>
          {locale === 'zh-CN' ? '回到第一页' : 'First page'}
        </Button>
      )}
      {data?.nextCursor && (
        <Button type="primary" onClick={() => onCursor(data.nextCursor ?? undefined)}>
          {locale === 'zh-CN' ? '下一页' : 'Next page'}
        </Button>
      )}
    </Flex>
  );
}
