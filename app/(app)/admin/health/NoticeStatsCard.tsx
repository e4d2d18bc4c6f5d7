'use client';

import { Card, Flex, Progress, Table, Typography } from 'antd';
import { LoadingError } from '@/components/common/LoadingError';
import { type NoticeStats, useNoticeStats } from '@/lib/client/queries/use-notices';
import { useT } from '@/lib/i18n/locale-context';

type SourceRow = NoticeStats['sources'][number];

/**
 * DingTalk work notices for open-API and local-workflow tasks this month: per source connector what was sent,
 * ended, not sent (muted, limits) or failed, what getsendresult says was read or not delivered, and each sending
 * app's use of the monthly quota.
 */
export function NoticeStatsCard() {
  const t = useT('notices');
  const stats = useNoticeStats();
  const data = stats.data;
  return (
    <Card size="small" title={t('health.title')} data-testid="notice-stats">
      <LoadingError error={stats.error} />
      {data && (
        <>
          <Typography.Paragraph type="secondary">
            {t('health.hint', { daily: data.dailyLimit, quota: data.monthlyQuota })}
          </Typography.Paragraph>
          {data.senders.map((s) => (
            <Flex key={s.connectorId} vertical style={{ maxWidth: 480 }} data-testid="notice-quota">
              <Typography.Text>
                {t('health.quota', { name: s.name, used: s.used, quota: data.monthlyQuota })}
              </Typography.Text>
              <Progress
                percent={Math.min(100, Math.round((s.used / data.monthlyQuota) * 100))}
                status={s.used >= data.monthlyQuota ? 'exception' : 'normal'}
                size="small"
              />
            </Flex>
          ))}
          {data.sources.length === 0 ? (
            <Typography.Text data-testid="notice-stats-none">{t('health.none')}</Typography.Text>
          ) : (
            <Table<SourceRow>
              size="small"
              rowKey="connectorId"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={data.sources}
              columns={[
                { title: t('health.source'), dataIndex: 'name' },
                { title: t('health.sent'), dataIndex: 'sent' },
                { title: t('health.closed'), dataIndex: 'closed' },
                { title: t('health.read'), dataIndex: 'read' },
                { title: t('health.skipped'), dataIndex: 'skipped' },
                { title: t('health.undelivered'), dataIndex: 'undelivered' },
                { title: t('health.failed'), dataIndex: 'failed' },
                {
                  title: t('health.lastError'),
                  dataIndex: 'lastError',
                  render: (v: string | null) =>
                    v ? (
                      <Typography.Text type="danger" ellipsis style={{ maxWidth: 240 }}>
                        {v}
                      </Typography.Text>
                    ) : null,
                },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
