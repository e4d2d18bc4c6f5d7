'use client';

import { Badge, Card, Col, Descriptions, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { PageHeader } from '@/components/common/PageHeader';
import { PlainList } from '@/components/common/PlainList';
import { formatTime } from '@/lib/client/format-time';
import type { QualifiedKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import type { AdminOverview } from '@/lib/operations/get-admin-overview';
import type { Health } from '@/lib/operations/get-health';

const STATUS_BADGE = { ok: 'success', degraded: 'warning', down: 'error' } as const;

export function AdminOverviewPage({ overview, health }: { overview: AdminOverview; health: Health }) {
  const t = useT('admin');
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <PageHeader title={t('title')} />
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic
            title={t('users')}
            value={overview.users.total}
            suffix={`/ ${overview.users.admins} ${t('common:user.admin')}`}
          />
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <Card
          title={t('health')}
          extra={
            <Badge status={STATUS_BADGE[health.status]} text={t(`ops:health.status.${health.status}`)} />
          }
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('database')}>
              <Badge
                status={health.database.ok ? 'success' : 'error'}
                text={health.database.ok ? `${health.database.latencyMs} ms` : t('ops:health.status.down')}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('worker')}>
              <Badge
                status={health.worker.ok ? 'success' : 'warning'}
                text={
                  health.worker.lastBeatAt
                    ? `${health.worker.workers} · ${formatTime(health.worker.lastBeatAt, 'dateTimeSeconds')}`
                    : '—'
                }
              />
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('connectors')}>
          <PlainList
            items={overview.connectors}
            rowKey={(c) => c.id}
            renderItem={(c) => (
              <Flex justify="space-between" align="center" gap={8}>
                <Flex vertical style={{ minWidth: 0 }}>
                  <Typography.Text strong data-user-content>
                    {c.name}
                  </Typography.Text>
                  <Typography.Text type="secondary">{t(`source:${c.kind}` as QualifiedKey)}</Typography.Text>
                </Flex>
                <Tag color={c.enabled ? 'green' : 'default'}>
                  {c.enabled ? t('connectors:enabled') : t('connectors:disabled')}
                </Tag>
              </Flex>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
