'use client';

import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { useState } from 'react';
import { useLocale } from '@/components/providers/LocaleProvider';
import { ApiError } from '@/lib/client/api-client';
import {
  type ApiKeyView,
  type CallbackDeliveryView,
  useApiAccess,
  useCreateApiKey,
  useRevokeApiKey,
  useSaveApiCallback,
} from '@/lib/client/queries/use-api-access';

const DELIVERY_COLOR: Record<CallbackDeliveryView['status'], string> = {
  delivered: 'green',
  failed: 'red',
  dead: 'red',
  pending: 'processing',
  sending: 'processing',
};

const time = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : null);

/**
 * An open-API connector's access: its API keys (a new key is shown once, then only its prefix), when each
 * was last used, revocation, and the signed callback URL with its secret (shown once when issued).
 */
export function ApiAccessSection({ connectorId, appUrl }: { connectorId: string; appUrl: string }) {
  const { t } = useLocale();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const access = useApiAccess(connectorId);
  const createKey = useCreateApiKey(connectorId);
  const revokeKey = useRevokeApiKey(connectorId);
  const saveCallback = useSaveApiCallback(connectorId);
  const [isCreating, setIsCreating] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const [keyForm] = Form.useForm<{ name: string }>();
  const [callbackForm] = Form.useForm<{ callbackUrl: string }>();
  const fail = (error: unknown) =>
    void message.error(error instanceof ApiError ? error.message : t('openApi.failed'));

  async function create({ name }: { name: string }) {
    try {
      const created = await createKey.mutateAsync(name);
      setNewKey(created.key);
      keyForm.resetFields();
    } catch (error) {
      fail(error);
    }
  }

  async function save(rotateSecret: boolean) {
    try {
      const { callbackUrl } = await callbackForm.validateFields();
      const saved = await saveCallback.mutateAsync({
        callbackUrl: callbackUrl?.trim() || null,
        rotateSecret,
      });
      setNewSecret(saved.secret ?? null);
      void message.success(t('openApi.saved'));
    } catch (error) {
      if (error instanceof ApiError) fail(error);
    }
  }

  const data = access.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <KeyOutlined />
            {t('openApi.keys.title')}
          </Space>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
            {t('openApi.keys.create')}
          </Button>
        }
      >
        <Descriptions column={1} size="small" style={{ marginBottom: token.marginSM }}>
          <Descriptions.Item label={t('openApi.endpoint')}>
            <Typography.Text code copyable>{`${appUrl}/api/open/v1`}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('openApi.nav.docs')}>
            <Link href="/docs/api">{t('openApi.docsLink')}</Link>
          </Descriptions.Item>
        </Descriptions>
        <Table<ApiKeyView>
          rowKey="id"
          size="small"
          loading={access.isLoading}
          dataSource={data?.keys ?? []}
          pagination={false}
          locale={{ emptyText: t('openApi.keys.empty') }}
          data-testid="api-keys"
          columns={[
            { title: t('openApi.name'), dataIndex: 'name' },
            {
              title: t('openApi.keys.prefix'),
              dataIndex: 'prefix',
              render: (prefix: string) => (
                <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                  {prefix}…
                </Typography.Text>
              ),
            },
            { title: t('openApi.keys.createdAt'), dataIndex: 'createdAt', render: time },
            {
              title: t('openApi.keys.lastUsed'),
              dataIndex: 'lastUsedAt',
              render: (v: string | null) =>
                time(v) ?? <Typography.Text type="secondary">{t('openApi.keys.never')}</Typography.Text>,
            },
            {
              title: t('openApi.keys.status'),
              key: 'status',
              render: (_, k) =>
                k.revokedAt ? (
                  <Tag>{t('openApi.keys.revoked')}</Tag>
                ) : (
                  <Tag color="green">{t('openApi.keys.active')}</Tag>
                ),
            },
            {
              key: 'actions',
              align: 'right',
              render: (_, k) =>
                k.revokedAt ? null : (
                  <Popconfirm
                    title={t('openApi.keys.revokeConfirm')}
                    onConfirm={() => revokeKey.mutateAsync(k.id).catch(fail)}
                  >
                    <Button danger size="small">
                      {t('openApi.keys.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>

      <Card title={t('openApi.callback.title')}>
        <Typography.Paragraph type="secondary">{t('openApi.callback.help')}</Typography.Paragraph>
        {data && (
          <Form
            form={callbackForm}
            layout="vertical"
            initialValues={{ callbackUrl: data.callback.url ?? '' }}
            onFinish={() => void save(false)}
          >
            <Form.Item
              name="callbackUrl"
              label={t('openApi.callback.url')}
              rules={[{ type: 'url', warningOnly: false }]}
              extra={
                <Tag
                  color={data.callback.secretSet ? 'green' : 'default'}
                  style={{ marginTop: token.marginXXS }}
                >
                  {data.callback.secretSet
                    ? t('openApi.callback.secretSet')
                    : t('openApi.callback.secretNotSet')}
                </Tag>
              }
            >
              <Input placeholder="https://erp.example.com/huiban/callback" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={saveCallback.isPending}>
                {t('openApi.callback.save')}
              </Button>
              <Button icon={<ReloadOutlined />} disabled={!data.callback.url} onClick={() => void save(true)}>
                {t('openApi.callback.rotate')}
              </Button>
            </Space>
          </Form>
        )}
        <Typography.Title level={5} style={{ marginTop: token.marginLG }}>
          {t('openApi.deliveries.title')}
        </Typography.Title>
        <Table<CallbackDeliveryView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data?.deliveries ?? []}
          locale={{ emptyText: t('openApi.deliveries.empty') }}
          data-testid="callback-deliveries"
          columns={[
            { title: t('openApi.deliveries.time'), dataIndex: 'updatedAt', render: time },
            { title: t('openApi.deliveries.action'), dataIndex: 'action' },
            { title: t('openApi.deliveries.instance'), dataIndex: 'instanceExternalId' },
            {
              title: t('openApi.keys.status'),
              dataIndex: 'status',
              render: (status: CallbackDeliveryView['status']) => (
                <Tag color={DELIVERY_COLOR[status]}>
                  {t(
                    status === 'delivered'
                      ? 'openApi.deliveries.delivered'
                      : status === 'pending'
                        ? 'openApi.deliveries.pending'
                        : 'openApi.deliveries.failed',
                  )}
                </Tag>
              ),
            },
            { title: t('openApi.deliveries.attempts'), dataIndex: 'attempts', align: 'right' },
            {
              title: t('openApi.deliveries.response'),
              key: 'response',
              render: (_, d) =>
                d.lastError ? (
                  <Typography.Text type="danger">{d.lastError}</Typography.Text>
                ) : (
                  (d.responseStatus ?? '—')
                ),
            },
          ]}
        />
        {newSecret && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: token.marginSM }}
            title={t('openApi.callback.secretShownOnce')}
            description={
              <Typography.Text code copyable data-testid="callback-secret">
                {newSecret}
              </Typography.Text>
            }
            closable
            onClose={() => setNewSecret(null)}
          />
        )}
      </Card>

      <Modal
        open={isCreating}
        title={t('openApi.keys.create')}
        onCancel={() => {
          setIsCreating(false);
          setNewKey(null);
        }}
        footer={
          newKey ? (
            <Button
              type="primary"
              onClick={() => {
                setIsCreating(false);
                setNewKey(null);
              }}
            >
              {t('openApi.keys.done')}
            </Button>
          ) : (
            <Button type="primary" loading={createKey.isPending} onClick={() => keyForm.submit()}>
              {t('openApi.create')}
            </Button>
          )
        }
        destroyOnHidden
      >
        {newKey ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={t('openApi.keys.shownOnce')} />
            <Typography.Text code copyable data-testid="new-api-key">
              {newKey}
            </Typography.Text>
          </Space>
        ) : (
          <Form form={keyForm} layout="vertical" onFinish={(v) => void create(v)}>
            <Form.Item
              name="name"
              label={t('openApi.name')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
            >
              <Input placeholder={t('openApi.keys.namePlaceholder')} autoFocus />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Space>
  );
}
