'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { ApiError } from '@/lib/client/api-client';
import { formatTime } from '@/lib/client/format-time';
import { useCreateWorkflow, useWorkflows, type WorkflowSummary } from '@/lib/client/queries/use-workflows';
import { useToast } from '@/lib/client/use-toast';
import { useIssueMessage, useT } from '@/lib/i18n/locale-context';

/** 流程设计: every local workflow definition, and a new one. */
export function WorkflowsPage() {
  const t = useT('workflows');
  const list = useWorkflows();
  const [creating, setCreating] = useState(false);
  return (
    <Card>
      <PageHeader
        title={t('common:nav.workflows')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('list.new')}
          </Button>
        }
        hint={t('list.hint')}
      />
      <LoadingError error={list.error} />
      <Table<WorkflowSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'name',
            title: t('info.name'),
            render: (_, r) => <Link href={`/admin/workflows/${r.id}`}>{r.name}</Link>,
          },
          { key: 'category', title: t('info.category'), render: (_, r) => r.category ?? '—' },
          {
            key: 'key',
            title: t('info.key'),
            render: (_, r) => <Typography.Text code>{r.key}</Typography.Text>,
          },
          {
            key: 'enabled',
            title: t('list.status'),
            render: (_, r) =>
              r.enabled ? <Tag color="green">{t('list.enabled')}</Tag> : <Tag>{t('list.disabled')}</Tag>,
          },
          {
            key: 'version',
            title: t('list.published'),
            render: (_, r) =>
              r.publishedVersion ? (
                <Tag color="blue">{t('designer.versionN', { n: r.publishedVersion })}</Tag>
              ) : (
                <Tag>{t('list.unpublished')}</Tag>
              ),
          },
          {
            key: 'draft',
            title: t('list.draft'),
            render: (_, r) =>
              r.hasUnpublishedChanges ? <Tag color="orange">{t('list.draftChanged')}</Tag> : '—',
          },
          {
            key: 'updated',
            title: t('list.updatedAt'),
            render: (_, r) => formatTime(r.updatedAt),
          },
        ]}
      />
      <CreateWorkflowModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

function CreateWorkflowModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT('workflows');
  const issueMessage = useIssueMessage();
  const toast = useToast();
  const router = useRouter();
  const [form] = Form.useForm();
  const create = useCreateWorkflow();
  return (
    <Modal
      open={open}
      title={t('list.new')}
      okText={t('list.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        name="wf-create"
        layout="vertical"
        preserve={false}
        onFinish={(values) =>
          create.mutate(values, {
            onSuccess: (detail) => {
              onClose();
              router.push(`/admin/workflows/${detail.id}`);
            },
            onError: (error) => {
              if (error instanceof ApiError && error.issues)
                form.setFields(
                  error.issues.map((i) => ({
                    name: i.path.replace(/^body\./, ''),
                    errors: [issueMessage(i)],
                  })),
                );
              else toast.error(error);
            },
          })
        }
      >
        <Form.Item
          name="name"
          label={t('info.name')}
          rules={[{ required: true, message: t('info.nameRequired') }]}
        >
          <Input placeholder={t('info.namePlaceholder')} maxLength={60} />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('info.key')}
          extra={t('info.keyHint')}
          rules={[
            { required: true, message: t('info.keyRequired') },
            { pattern: /^[a-z][a-z0-9_-]{1,39}$/, message: t('info.keyPattern') },
          ]}
        >
          <Input placeholder="expense" maxLength={40} />
        </Form.Item>
        <Form.Item name="category" label={t('info.category')}>
          <Input placeholder={t('info.categoryPlaceholder')} maxLength={30} />
        </Form.Item>
        <Form.Item name="description" label={t('info.description')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
