'use client';

import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ADMIN_PAGE_SIZE, AdminFilterCard, AdminResultsCard } from '@/components/admin/AdminSearchPage';
import { formatTime } from '@/lib/client/format-time';
import { type AuditRow, toQuery, useAuditLog } from '@/lib/client/queries/use-operations';
import { useT } from '@/lib/i18n/locale-context';

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
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
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
        <Form.Item name="range">
          <DatePicker.RangePicker showTime />
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
            render: (v: string | null) => v ?? t('audit.system'),
          },
          {
            title: t('audit.col.onBehalfOf'),
            dataIndex: 'onBehalfOfName',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: t('audit.col.target'),
            key: 'target',
            render: (_, r) => (r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : '—'),
          },
          {
            title: t('audit.col.details'),
            dataIndex: 'details',
            ellipsis: true,
            render: (v: Record<string, unknown>) => (
              <Typography.Text
                type="secondary"
                style={{ maxWidth: 360 }}
                ellipsis={{ tooltip: JSON.stringify(v) }}
              >
                {JSON.stringify(v)}
              </Typography.Text>
            ),
          },
          { title: 'IP', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Space>
  );
}
