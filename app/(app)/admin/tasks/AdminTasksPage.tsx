'use client';

import { Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import Link from 'next/link';
import { useState } from 'react';
import { ADMIN_PAGE_SIZE, AdminFilterCard, AdminResultsCard } from '@/components/admin/AdminSearchPage';
import { useProcessLabel } from '@/components/tasks/process-label';
import { type SourceKind, SourceTag } from '@/components/tasks/SourceTag';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { formatTime } from '@/lib/client/format-time';
import { useConnectors } from '@/lib/client/queries/use-connectors';
import { type AdminTaskRow, useAdminTasks } from '@/lib/client/queries/use-operations';
import { CONNECTOR_KINDS } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';
import { kindUi } from '../connectors/kinds/kind-ui-map';
import { CancelInstanceModal } from './CancelInstanceModal';
import { ReassignModal } from './ReassignModal';

const TASK_STATUSES = ['pending', 'done', 'cancelled', 'deleted'] as const;

type Filter = {
  connectorId?: string;
  source?: string;
  status?: string;
  kind?: string;
  assignee?: string;
  processCode?: string;
  q?: string;
};

/** 全部任务 (admins): every user's tasks with filters, and 强制转交 for a pending approval. */
export function AdminTasksPage() {
  const t = useT('ops');
  const tc = useT('common');
  const processLabel = useProcessLabel();
  const [filter, setFilter] = useState<Filter>({ status: 'pending' });
  const [page, setPage] = useState(1);
  const [reassign, setReassign] = useState<AdminTaskRow | null>(null);
  const [cancelling, setCancelling] = useState<AdminTaskRow | null>(null);
  const tasks = useAdminTasks({ ...filter, page, pageSize: ADMIN_PAGE_SIZE });
  const connectors = useConnectors();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <AdminFilterCard<Filter>
        title={t('tasks.title')}
        hint={t('tasks.hint')}
        initialValues={filter}
        onSearch={(v) => {
          setFilter(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')));
          setPage(1);
        }}
      >
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('tasks.search')}
            style={{ width: 220 }}
            aria-label={tc('search')}
          />
        </Form.Item>
        <Form.Item name="connectorId">
          <Select
            allowClear
            placeholder={tc('connector')}
            style={{ width: 160 }}
            options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="source">
          <Select
            allowClear
            placeholder={tc('source')}
            style={{ width: 120 }}
            options={CONNECTOR_KINDS.map((value) => ({ value, label: t(`source:${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={tc('status')}
            style={{ width: 110 }}
            options={TASK_STATUSES.map((s) => ({ value: s, label: t(`status:${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="assignee">
          <Select
            allowClear
            placeholder={t('tasks.assignee')}
            style={{ width: 140 }}
            options={[{ value: 'unmapped', label: t('tasks.unmapped') }]}
          />
        </Form.Item>
        <Form.Item name="processCode">
          <Input allowClear placeholder={t('tasks.processCode')} style={{ width: 160 }} />
        </Form.Item>
      </AdminFilterCard>
      <AdminResultsCard<AdminTaskRow>
        query={tasks}
        page={page}
        onPage={setPage}
        columns={[
          {
            title: t('tasks.col.title'),
            dataIndex: 'title',
            render: (v: string, r) => <Link href={`/instances/${r.instanceId}`}>{v}</Link>,
          },
          {
            title: t('tasks.col.process'),
            dataIndex: 'processName',
            render: (v: string | null, r) => processLabel(v, r.source as SourceKind),
          },
          {
            title: tc('source'),
            key: 'source',
            render: (_, r) => <SourceTag source={r.source as SourceKind} connectorName={r.connectorName} />,
          },
          {
            title: t('tasks.assignee'),
            key: 'assignee',
            render: (_, r) =>
              r.assigneeName ?? (
                <Typography.Text type="secondary">
                  {t('tasks.unmappedAssignee', { id: r.assigneeExternalId ?? '' })}
                </Typography.Text>
              ),
          },
          {
            title: t('events.col.type'),
            dataIndex: 'kind',
            render: (k: string) => t(k === 'cc' ? 'event.kind.cc' : 'event.kind.approval'),
          },
          { title: t('event.node'), dataIndex: 'nodeName', render: (v: string | null) => v ?? '—' },
          {
            title: tc('status'),
            key: 'status',
            render: (_, r) => (
              <Space size={4}>
                <TaskStatusTag status={r.status} />
                {r.actedAt && r.status === 'pending' && <Tag color="gold">{t('tasks.submitting')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('event.received'),
            dataIndex: 'receivedAt',
            render: (v: string) => formatTime(v),
          },
          {
            title: t('events.col.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space size="small">
                {r.kind === 'approval' && r.status === 'pending' && !r.actedAt && r.assigneeUserId && (
                  <Button size="small" onClick={() => setReassign(r)}>
                    {t('tasks.reassign')}
                  </Button>
                )}
                {kindUi(r.source).adminCancelsInstances && r.status === 'pending' && (
                  <Button size="small" danger onClick={() => setCancelling(r)}>
                    {t('tasks.cancelInstance')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ReassignModal task={reassign} onClose={() => setReassign(null)} />
      <CancelInstanceModal task={cancelling} onClose={() => setCancelling(null)} />
    </Space>
  );
}
