'use client';

import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ADMIN_PAGE_SIZE, AdminFilterCard, AdminResultsCard } from '@/components/admin/AdminSearchPage';
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
          <Input allowClear placeholder="操作人" style={{ width: 140 }} aria-label="操作人" />
        </Form.Item>
        <Form.Item name="action">
          <Input allowClear placeholder="操作（如 task.）" style={{ width: 160 }} aria-label="操作" />
        </Form.Item>
        <Form.Item name="targetType">
          <Input allowClear placeholder="对象类型" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="targetId">
          <Input allowClear placeholder="对象 ID" style={{ width: 200 }} />
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
            title: '时间',
            dataIndex: 'createdAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
          },
          { title: '操作人', dataIndex: 'actorName', render: (v: string | null) => v ?? '系统' },
          { title: '代表', dataIndex: 'onBehalfOfName', render: (v: string | null) => v ?? '—' },
          {
            title: '操作',
            dataIndex: 'action',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: '对象',
            key: 'target',
            render: (_, r) => (r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : '—'),
          },
          {
            title: '详情',
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
