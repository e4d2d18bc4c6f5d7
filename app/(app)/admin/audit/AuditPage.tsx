'use client';

import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Space, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ADMIN_PAGE_SIZE, AdminFilterCard, AdminResultsCard } from '@/components/admin/AdminSearchPage';
import { formatTime } from '@/lib/client/format-time';
import { type AuditRow, toQuery, useAuditLog } from '@/lib/client/queries/use-operations';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import { AuditDetails } from './AuditDetails';

type Filter = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  range?: [Dayjs, Dayjs] | null;
};

function toParams(f: Filter): Record<string, string | undefined> {
  return {
    actor: f.actor?.trim() || undefined,
    action: f.action?.trim() || undefined,
    targetType: f.targetType?.trim() || undefined,
    targetId: f.targetId?.trim() || undefined,
    from: f.range?.[0]?.toISOString(),
    to: f.range?.[1]?.toISOString(),
  };
}

/** 审计日志: who did what, on whose behalf, when and from where; searchable, exportable as CSV. */
export function AuditPage() {
  const t = useT('ops');
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState(1);
  const params = toParams(filter);
  const audit = useAuditLog({ ...params, page, pageSize: ADMIN_PAGE_SIZE });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <AdminFilterCard<Filter>
        title={t('audit.title')}
        extra={
          <Button icon={<DownloadOutlined />} href={`/api/admin/audit/export${toQuery(params)}`}>
            {t('audit.export')}
          </Button>
        }
        onSearch={(v) => {
          setFilter(v);
          setPage(1);
        }}
      >
        <Form.Item name="actor">
          <Input
            allowClear
            placeholder={t('audit.actor')}
            style={{ width: 140 }}
            aria-label={t('audit.actor')}
          />
        </Form.Item>
        <Form.Item name="action">
          <Input
            allowClear
            placeholder={t('audit.actionPlaceholder')}
            style={{ width: 160 }}
            aria-label={t('audit.action')}
          />
        </Form.Item>
        <Form.Item name="targetType">
          <Input allowClear placeholder={t('audit.targetType')} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="targetId">
          <Input allowClear placeholder={t('audit.targetId')} style={{ width: 200 }} />
        </Form.Item>
        {/* Two date-times side by side are wider than a phone: the picker shrinks to the screen instead. */}
        <Form.Item name="range" style={{ maxWidth: '100%' }}>
          <DatePicker.RangePicker showTime style={{ maxWidth: '100%' }} />
        </Form.Item>
      </AdminFilterCard>
      <AdminResultsCard<AuditRow>
        query={audit}
        page={page}
        onPage={setPage}
        size="middle"
        columns={[
          {
            title: t('audit.col.time'),
            dataIndex: 'createdAt',
            render: (v: string) => formatTime(v, 'dateTimeSeconds'),
          },
          {
            title: t('audit.actor'),
            dataIndex: 'actorName',
            render: (v: string | null) => (v ? <span data-user-content>{v}</span> : t('audit.system')),
          },
          {
            title: t('audit.col.onBehalfOf'),
            dataIndex: 'onBehalfOfName',
            render: (v: string | null) => (v ? <span data-user-content>{v}</span> : '—'),
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: t('audit.col.target'),
            key: 'target',
            render: (_, r) => {
              if (!r.targetType) return '—';
              const typeKey = `audit.target.${r.targetType}`;
              const type = t(typeKey as MessageKey<'ops'>);
              return (
                <Space orientation="vertical" size={0}>
                  <Typography.Text type="secondary">{type === typeKey ? r.targetType : type}</Typography.Text>
                  {r.targetName ? (
                    <Tooltip title={r.targetId}>
                      <Typography.Text data-user-content data-testid="audit-target-name">
                        {r.targetName}
                      </Typography.Text>
                    </Tooltip>
                  ) : (
                    r.targetId && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable>
                        {r.targetId}
                      </Typography.Text>
                    )
                  )}
                </Space>
              );
            },
          },
          {
            title: t('audit.col.details'),
            key: 'details',
            render: (_, r) => <AuditDetails row={r} />,
          },
          { title: 'IP', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Space>
  );
}
