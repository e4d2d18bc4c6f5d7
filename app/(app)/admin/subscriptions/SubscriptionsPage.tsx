'use client';

import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api-client';
import {
  type SubscriptionView,
  useCreateSubscription,
  useSubscriptions,
} from '@/lib/client/queries/use-subscriptions';
import type { CreateSubscriptionInput } from '@/lib/distribution/subscription-input';
import { useT } from '@/lib/i18n/locale-context';
import { SecretContent } from './SecretContent';
import {
  NEW_SUBSCRIPTION,
  SubscriptionForm,
  type SubscriptionFormValues,
  toRequestBody,
} from './SubscriptionForm';
import { SubscriptionStatusTag } from './SubscriptionStatusTag';

/** 事件订阅: where Huiban forwards task/instance events and raw DingTalk events (seed 002). */
export function SubscriptionsPage() {
  const t = useT('subscriptions');
  const { message, modal } = App.useApp();
  const router = useRouter();
  const list = useSubscriptions();
  const create = useCreateSubscription();
  const [isOpen, setOpen] = useState(false);
  const [form] = Form.useForm<SubscriptionFormValues>();

  const submit = async () => {
    const values = await form.validateFields();
    try {
      const created = await create.mutateAsync({
        kind: values.kind,
        ...toRequestBody(values),
      } as CreateSubscriptionInput);
      setOpen(false);
      form.resetFields();
      void message.success(t('created'));
      const detail = `/admin/subscriptions/${created.subscription.id}`;
      // The secret is shown once: open the subscription only after the admin has closed that dialog.
      if (created.secret) {
        void modal.success({
          title: t('secret.title'),
          width: 560,
          content: (
            <SecretContent secret={created.secret} once={t('secret.once')} hint={t('secret.verifyHint')} />
          ),
          onOk: () => router.push(detail),
        });
      } else {
        router.push(detail);
      }
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : t('saveFailed'));
    }
  };

  return (
    <Card>
      <Flex justify="space-between" align="start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ maxWidth: 720 }}>
            {t('hint')}
          </Typography.Paragraph>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('add')}
        </Button>
      </Flex>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<SubscriptionView>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('empty') }}
        columns={[
          {
            key: 'name',
            title: t('col.name'),
            render: (_, s) => (
              <Space direction="vertical" size={0}>
                <Link href={`/admin/subscriptions/${s.id}`}>{s.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.kind === 'webhook' ? s.url : `${t('kind.connect_trigger')} · ${s.triggerId}`}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: 'events',
            title: t('col.events'),
            render: (_, s) => (
              <Space size={[4, 4]} wrap style={{ maxWidth: 300 }}>
                {s.eventTypes.map((type) => (
                  <Tag key={type}>{type}</Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('col.status'),
            render: (_, s) => <SubscriptionStatusTag subscription={s} />,
          },
          {
            key: 'stats',
            title: <Tooltip title={t('col.deliveriesHint')}>{t('col.deliveries')}</Tooltip>,
            render: (_, s) => (
              <Space size={4}>
                <Tag color="success">{s.stats.delivered}</Tag>
                {s.stats.pending + s.stats.failed > 0 && (
                  <Tag color="processing">{s.stats.pending + s.stats.failed}</Tag>
                )}
                {s.stats.dead > 0 && <Tag color="error">{s.stats.dead}</Tag>}
              </Space>
            ),
          },
          {
            key: 'last',
            title: t('col.lastAttempt'),
            render: (_, s) =>
              s.stats.lastAttemptAt ? dayjs(s.stats.lastAttemptAt).format('YYYY-MM-DD HH:mm:ss') : '—',
          },
        ]}
      />
      <Modal
        open={isOpen}
        title={t('add')}
        width={760}
        okText={t('save')}
        confirmLoading={create.isPending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <SubscriptionForm form={form} initialValues={NEW_SUBSCRIPTION} isEdit={false} />
      </Modal>
    </Card>
  );
}
