'use client';

import { Badge, Card, Col, Descriptions, List, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLocale } from '@/components/providers/LocaleProvider';
import type { AdminOverview } from '@/lib/operations/get-admin-overview';
import type { Health } from '@/lib/operations/get-health';

const STATUS_BADGE = { ok: 'success', degraded: 'warning', down: 'error' } as const;

export function AdminOverviewPage({ overview, health }: { overview: AdminOverview; health: Health }) {
  const { t } = useLocale();
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('admin.title')}
        </Typography.Title>
      </Col>
      <Col xs={24} md={8}>
        <Card>
          <Statistic
            title={t('admin.users')}
            value={overview.users.total}
            suffix={`/ ${overview.users.admins} ${t('user.admin')}`}
          />
        </Card>
      </Col>
      <Col xs={24} md={16}>
        <Card
          title={t('admin.health')}
          extra={<Badge status={STATUS_BADGE[health.status]} text={health.status} />}
        >
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('admin.database')}>
              <Badge
                status={health.database.ok ? 'success' : 'error'}
                text={health.database.ok ? `${health.database.latencyMs} ms` : 'down'}
              />
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.worker')}>
              <Badge
                status={health.worker.ok ? 'success' : 'warning'}
                text={
                  health.worker.lastBeatAt
                    ? `${health.worker.workers} · ${dayjs(health.worker.lastBeatAt).format('YYYY-MM-DD HH:mm:ss')}`
                    : '—'
                }
              />
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('admin.connectors')}>
          <List
            dataSource={overview.connectors}
            renderItem={(c) => (
              <List.Item>
                <List.Item.Meta title={c.name} description={c.kind} />
                <Tag color={c.enabled ? 'green' : 'default'}>{c.enabled ? 'enabled' : 'disabled'}</Tag>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
