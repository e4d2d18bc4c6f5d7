'use client';

import { Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import { ADMIN_PAGE_SIZE, AdminFilterCard, AdminResultsCard } from '@/components/admin/AdminSearchPage';
import { type SourceKind, SourceTag } from '@/components/tasks/SourceTag';
import { TaskStatusTag } from '@/components/tasks/TaskStatusTag';
import { useConnectors } from '@/lib/client/queries/use-connectors';
import { type AdminTaskRow, useAdminTasks } from '@/lib/client/queries/use-operations';
import { useT } from '@/lib/i18n/locale-context';
import { CancelInstanceModal } from './CancelInstanceModal';
import { ReassignModal } from './ReassignModal';

const STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: '待处理', color: 'processing' },
  done: { text: '已处理', color: 'success' },
  cancelled: { text: '已取消', color: 'default' },
  deleted: { text: '已删除', color: 'default' },
};

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
  const [filter, setFilter] = useState<Filter>({ status: 'pending' });
  const [page, setPage] = useState(1);
  const [reassign, setReassign] = useState<AdminTaskRow | null>(null);
  const [cancelling, setCancelling] = useState<AdminTaskRow | null>(null);
  const tasks = useAdminTasks({ ...filter, page, pageSize: ADMIN_PAGE_SIZE });
  const connectors = useConnectors();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
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
          <Input allowClear placeholder="搜索标题、流程、发起人" style={{ width: 220 }} aria-label="搜索" />
        </Form.Item>
        <Form.Item name="connectorId">
          <Select
            allowClear
            placeholder="连接器"
            style={{ width: 160 }}
            options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="source">
          <Select
            allowClear
            placeholder="来源"
            style={{ width: 120 }}
            options={[
              { value: 'dingtalk', label: '钉钉' },
              { value: 'yida', label: '宜搭' },
              { value: 'local', label: '本地流程' },
              { value: 'api', label: '开放接口' },
            ]}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.text }))}
          />
        </Form.Item>
        <Form.Item name="assignee">
          <Select
            allowClear
            placeholder="处理人"
            style={{ width: 140 }}
            options={[{ value: 'unmapped', label: '未关联用户' }]}
          />
        </Form.Item>
        <Form.Item name="processCode">
          <Input allowClear placeholder="流程编码" style={{ width: 160 }} />
        </Form.Item>
      </AdminFilterCard>
      <AdminResultsCard<AdminTaskRow>
        query={tasks}
        page={page}
        onPage={setPage}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (v: string, r) => <Link href={`/instances/${r.instanceId}`}>{v}</Link>,
          },
          {
            title: '流程',
            dataIndex: 'processName',
            render: (v: string | null, r) => v ?? r.processCode ?? '—',
          },
          {
            title: '来源',
            key: 'source',
            render: (_, r) => <SourceTag source={r.source as SourceKind} connectorName={r.connectorName} />,
          },
          {
            title: '处理人',
            key: 'assignee',
            render: (_, r) =>
              r.assigneeName ?? (
                <Typography.Text type="secondary">未关联（{r.assigneeExternalId}）</Typography.Text>
              ),
          },
          { title: '类型', dataIndex: 'kind', render: (k: string) => (k === 'cc' ? '抄送' : '审批') },
          { title: '节点', dataIndex: 'nodeName', render: (v: string | null) => v ?? '—' },
          {
            title: '状态',
            key: 'status',
            render: (_, r) => (
              <Space size={4}>
                <TaskStatusTag status={r.status} />
                {r.actedAt && r.status === 'pending' && <Tag color="gold">提交中</Tag>}
              </Space>
            ),
          },
          {
            title: '收到',
            dataIndex: 'receivedAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) => (
              <Space size="small">
                {r.kind === 'approval' && r.status === 'pending' && !r.actedAt && r.assigneeUserId && (
                  <Button size="small" onClick={() => setReassign(r)}>
                    强制转交
                  </Button>
                )}
                {r.source === 'local' && r.status === 'pending' && (
                  <Button size="small" danger onClick={() => setCancelling(r)}>
                    取消流程
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
