'use client';

import { Badge, Card, Col, Descriptions, List, Row, Statistic, Tag } from 'antd';
import { PageHeader } from '@/components/common/PageHeader';
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
          <List
            dataSource={overview.connectors}
            renderItem={(c) => (
              <List.Item>
                <List.Item.Meta
                  title={<span data-user-content>{c.name}</span>}
                  description={t(`source:${c.kind}` as QualifiedKey)}
                />
                <Tag color={c.enabled ? 'green' : 'default'}>
                  {c.enabled ? t('connectors:enabled') : t('connectors:disabled')}
                </Tag>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
