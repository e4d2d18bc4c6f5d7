'use client';

import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { validatedValues } from '@/lib/client/form-issues';
import { formatTime } from '@/lib/client/format-time';
import {
  type SubscriptionView,
  useCreateSubscription,
  useSubscriptions,
} from '@/lib/client/queries/use-subscriptions';
import { useToast } from '@/lib/client/use-toast';
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

/** 事件订阅: where Huiban forwards task/instance events and raw DingTalk events (other systems behind DingTalk's one callback URL per org). */
export function SubscriptionsPage() {
  const t = useT('subscriptions');
  const { modal } = App.useApp();
  const toast = useToast();
  const router = useRouter();
  const list = useSubscriptions();
  const create = useCreateSubscription();
  const [isOpen, setOpen] = useState(false);
  const [form] = Form.useForm<SubscriptionFormValues>();

  const submit = async () => {
    const values = await validatedValues(form);
    if (!values) return;
    try {
      const created = await create.mutateAsync({
        kind: values.kind,
        ...toRequestBody(values),
      } as CreateSubscriptionInput);
      setOpen(false);
      form.resetFields();
      toast.success(t('created'));
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
      toast.errorOr(t('saveFailed'))(error);
    }
  };

  return (
    <Card>
      <PageHeader
        title={t('title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('add')}
          </Button>
        }
        hint={t('hint')}
      />
      <LoadingError error={list.error} />
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
              <Space orientation="vertical" size={0}>
                <Link href={`/admin/subscriptions/${s.id}`}>{s.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.kind === 'connect_trigger' ? `${t('kind.connect_trigger')} · ${s.triggerId}` : s.url}
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
              s.stats.lastAttemptAt ? formatTime(s.stats.lastAttemptAt, 'dateTimeSeconds') : '—',
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
