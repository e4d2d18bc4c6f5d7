'use client';

import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
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
import Link from 'next/link';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { ApiError } from '@/lib/client/api-client';
import { formatTime } from '@/lib/client/format-time';
import {
  type ApiKeyView,
  type CallbackDeliveryView,
  useApiAccess,
  useCreateApiKey,
  useRevokeApiKey,
  useSaveApiCallback,
} from '@/lib/client/queries/use-api-access';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import { ApiNoticesCard } from './ApiNoticesCard';

const DELIVERY_COLOR: Record<CallbackDeliveryView['status'], string> = {
  delivered: 'green',
  failed: 'red',
  dead: 'red',
  pending: 'processing',
  sending: 'processing',
};

const time = (v: string | null) => (v ? formatTime(v) : null);

/**
 * An open-API connector's access: its API keys (a new key is shown once, then only its prefix), when each
 * was last used, revocation, and the signed callback URL with its secret (shown once when issued).
 */
export function ApiAccessSection({ connectorId, appUrl }: { connectorId: string; appUrl: string }) {
  const t = useT('openApi');
  const { token } = theme.useToken();
  const toast = useToast();
  const access = useApiAccess(connectorId);
  const createKey = useCreateApiKey(connectorId);
  const revokeKey = useRevokeApiKey(connectorId);
  const saveCallback = useSaveApiCallback(connectorId);
  const [isCreating, setIsCreating] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const [keyForm] = Form.useForm<{ name: string }>();
  const [callbackForm] = Form.useForm<{ callbackUrl: string }>();
  const fail = toast.errorOr(t('failed'));

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
      toast.success(t('saved'));
    } catch (error) {
      if (error instanceof ApiError) fail(error);
    }
  }

  const data = access.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <KeyOutlined />
            {t('keys.title')}
          </Space>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
            {t('keys.create')}
          </Button>
        }
      >
        <Descriptions column={1} size="small" style={{ marginBottom: token.marginSM }}>
          <Descriptions.Item label={t('endpoint')}>
            <Typography.Text code copyable>{`${appUrl}/api/open/v1`}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('nav.docs')}>
            <Link href="/docs/api">{t('docsLink')}</Link>
          </Descriptions.Item>
        </Descriptions>
        <LoadingError error={access.error} style={{ marginBottom: token.marginSM }} />
        <Table<ApiKeyView>
          rowKey="id"
          size="small"
          loading={access.isLoading}
          dataSource={data?.keys ?? []}
          pagination={false}
          locale={{ emptyText: t('keys.empty') }}
          data-testid="api-keys"
          columns={[
            { title: t('name'), dataIndex: 'name' },
            {
              title: t('keys.prefix'),
              dataIndex: 'prefix',
              render: (prefix: string) => (
                <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                  {prefix}…
                </Typography.Text>
              ),
            },
            { title: t('keys.createdAt'), dataIndex: 'createdAt', render: time },
            {
              title: t('keys.lastUsed'),
              dataIndex: 'lastUsedAt',
              render: (v: string | null) =>
                time(v) ?? <Typography.Text type="secondary">{t('keys.never')}</Typography.Text>,
            },
            {
              title: t('keys.status'),
              key: 'status',
              render: (_, k) =>
                k.revokedAt ? <Tag>{t('keys.revoked')}</Tag> : <Tag color="green">{t('keys.active')}</Tag>,
            },
            {
              key: 'actions',
              align: 'right',
              render: (_, k) =>
                k.revokedAt ? null : (
                  <Popconfirm
                    title={t('keys.revokeConfirm')}
                    onConfirm={() => revokeKey.mutateAsync(k.id).catch(fail)}
                  >
                    <Button danger size="small">
                      {t('keys.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>

      <Card title={t('callback.title')}>
        <Typography.Paragraph type="secondary">{t('callback.help')}</Typography.Paragraph>
        {data && (
          <Form
            form={callbackForm}
            layout="vertical"
            initialValues={{ callbackUrl: data.callback.url ?? '' }}
            onFinish={() => void save(false)}
          >
            <Form.Item
              name="callbackUrl"
              label={t('callback.url')}
              rules={[{ type: 'url', warningOnly: false }]}
              extra={
                <Tag
                  color={data.callback.secretSet ? 'green' : 'default'}
                  style={{ marginTop: token.marginXXS }}
                >
                  {data.callback.secretSet ? t('callback.secretSet') : t('callback.secretNotSet')}
                </Tag>
              }
            >
              <Input placeholder="https://erp.example.com/huiban/callback" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={saveCallback.isPending}>
                {t('callback.save')}
              </Button>
              <Button icon={<ReloadOutlined />} disabled={!data.callback.url} onClick={() => void save(true)}>
                {t('callback.rotate')}
              </Button>
            </Space>
          </Form>
        )}
        <Typography.Title level={5} style={{ marginTop: token.marginLG }}>
          {t('deliveries.title')}
        </Typography.Title>
        <Table<CallbackDeliveryView>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data?.deliveries ?? []}
          locale={{ emptyText: t('deliveries.empty') }}
          data-testid="callback-deliveries"
          columns={[
            { title: t('deliveries.time'), dataIndex: 'updatedAt', render: time },
            { title: t('deliveries.action'), dataIndex: 'action' },
            { title: t('deliveries.instance'), dataIndex: 'instanceExternalId' },
            {
              title: t('keys.status'),
              dataIndex: 'status',
              render: (status: CallbackDeliveryView['status']) => (
                <Tag color={DELIVERY_COLOR[status]}>
                  {t(
                    status === 'delivered'
                      ? 'deliveries.delivered'
                      : status === 'pending'
                        ? 'deliveries.pending'
                        : 'deliveries.failed',
                  )}
                </Tag>
              ),
            },
            { title: t('deliveries.attempts'), dataIndex: 'attempts', align: 'right' },
            {
              title: t('deliveries.response'),
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
            title={t('callback.secretShownOnce')}
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

      {data && <ApiNoticesCard connectorId={connectorId} notices={data.notices} />}

      <Modal
        open={isCreating}
        title={t('keys.create')}
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
              {t('keys.done')}
            </Button>
          ) : (
            <Button type="primary" loading={createKey.isPending} onClick={() => keyForm.submit()}>
              {t('create')}
            </Button>
          )
        }
        destroyOnHidden
      >
        {newKey ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={t('keys.shownOnce')} />
            <Typography.Text code copyable data-testid="new-api-key">
              {newKey}
            </Typography.Text>
          </Space>
        ) : (
          <Form form={keyForm} layout="vertical" onFinish={(v) => void create(v)}>
            <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input placeholder={t('keys.namePlaceholder')} autoFocus />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Space>
  );
}
