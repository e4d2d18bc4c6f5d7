'use client';

import { KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Form,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Tag,
  Typography,
  theme,
} from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { PageHeader } from '@/components/common/PageHeader';
import { validatedValues } from '@/lib/client/form-issues';
import { formatTime } from '@/lib/client/format-time';
import { useConnectors } from '@/lib/client/queries/use-connectors';
import {
  type DeliveryView,
  type SubscriptionView,
  useDeleteSubscription,
  useDeliveries,
  useRedeliver,
  useRotateSubscriptionSecret,
  useSetSubscriptionEnabled,
  useSubscription,
  useUpdateSubscription,
} from '@/lib/client/queries/use-subscriptions';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import { SecretContent } from '../SecretContent';
import {
  SubscriptionForm,
  type SubscriptionFormValues,
  toFormValues,
  toRequestBody,
} from '../SubscriptionForm';
import { DeliveryStatusTag, SubscriptionStatusTag } from '../SubscriptionStatusTag';

const time = (v: string | null) => (v ? formatTime(v, 'dateTimeSeconds') : '—');
type StatusFilter = DeliveryView['status'] | 'all';

/** One subscription: its settings, pause/resume, secret rotation, and its delivery log with redeliver. */
export function SubscriptionPage({ initial }: { initial: SubscriptionView }) {
  const t = useT('subscriptions');
  const { token } = theme.useToken();
  const { modal } = App.useApp();
  const toast = useToast();
  const router = useRouter();
  const { data: s = initial } = useSubscription(initial.id, initial);
  const connectors = useConnectors();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [page, setPage] = useState(1);
  const deliveries = useDeliveries(s.id, {
    status: status === 'all' ? undefined : status,
    page,
    pageSize: 20,
  });
  const update = useUpdateSubscription(s.id);
  const setEnabled = useSetSubscriptionEnabled(s.id);
  const rotate = useRotateSubscriptionSecret(s.id);
  const remove = useDeleteSubscription(s.id);
  const redeliver = useRedeliver(s.id);
  const [isEditing, setEditing] = useState(false);
  const [form] = Form.useForm<SubscriptionFormValues>();
  const fail = (error: unknown) => toast.errorOr(t('saveFailed'))(error);
  const connectorName = (id: string) => connectors.data?.find((c) => c.id === id)?.name ?? id;

  const save = async () => {
    const values = await validatedValues(form);
    if (!values) return;
    try {
      await update.mutateAsync(toRequestBody({ ...values, kind: s.kind }));
      setEditing(false);
      toast.success(t('saved'));
    } catch (error) {
      fail(error);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb
        items={[{ title: <Link href="/admin/subscriptions">{t('title')}</Link> }, { title: s.name }]}
      />
      {s.pausedReason === 'auto' && (
        <Alert
          type="error"
          showIcon
          data-testid="auto-pause-notice"
          title={t('autoPaused.title')}
          description={t('autoPaused.body', {
            n: s.consecutiveFailures,
            since: time(s.failingSince),
            at: time(s.pausedAt),
          })}
          action={
            <Button size="small" type="primary" onClick={() => setEnabled.mutate(true, { onError: fail })}>
              {t('resume')}
            </Button>
          }
        />
      )}
      <Card>
        <PageHeader
          title={s.name}
          tags={<SubscriptionStatusTag subscription={s} />}
          extra={
            <Space wrap>
              <Button onClick={() => setEditing(true)}>{t('edit')}</Button>
              <Button
                loading={setEnabled.isPending}
                onClick={() => setEnabled.mutate(!s.enabled, { onError: fail })}
              >
                {s.enabled ? t('pause') : t('resume')}
              </Button>
              {s.kind === 'webhook' && (
                <Popconfirm
                  title={t('rotate.confirm')}
                  onConfirm={() =>
                    rotate.mutate(undefined, {
                      onSuccess: ({ secret }) =>
                        void modal.success({
                          title: t('secret.title'),
                          width: 560,
                          content: (
                            <SecretContent
                              secret={secret}
                              once={t('secret.once')}
                              hint={t('secret.verifyHint')}
                            />
                          ),
                        }),
                      onError: fail,
                    })
                  }
                >
                  <Button icon={<KeyOutlined />} loading={rotate.isPending}>
                    {t('rotate')}
                  </Button>
                </Popconfirm>
              )}
              <Popconfirm
                title={t('delete.confirm')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  remove.mutate(undefined, {
                    onSuccess: () => router.push('/admin/subscriptions'),
                    onError: fail,
                  })
                }
              >
                <Button danger>{t('delete')}</Button>
              </Popconfirm>
            </Space>
          }
        />
        <Descriptions column={{ xs: 1, md: 2 }} size="small" style={{ marginTop: token.marginMD }}>
          <Descriptions.Item label={t('form.kind')}>
            {s.kind === 'webhook' ? 'Webhook' : t(`kind.${s.kind}`)}
          </Descriptions.Item>
          {s.kind !== 'connect_trigger' ? (
            <Descriptions.Item label={t('form.url')}>
              <Typography.Text copyable>{s.url}</Typography.Text>
            </Descriptions.Item>
          ) : (
            <Descriptions.Item label={t('form.triggerId')}>
              {s.triggerId} · {connectorName(s.dingtalkConnectorId ?? '')} · appId {s.appId}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('form.eventTypes')} span="filled">
            <Space size={[4, 4]} wrap>
              {s.eventTypes.map((type) => (
                <Tag key={type}>{type}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('form.connectors')}>
            {s.connectorIds.length
              ? s.connectorIds.map(connectorName).join(t('common:listSeparator'))
              : t('form.allConnectors')}
          </Descriptions.Item>
          <Descriptions.Item label={t('form.processCodes')}>
            {s.processCodes.length ? s.processCodes.join(t('common:listSeparator')) : t('form.allProcesses')}
          </Descriptions.Item>
          {s.kind === 'dingtalk_robot' && (
            <Descriptions.Item label={t('robot.atMode')}>
              {t(`robot.at.${s.atMode ?? 'none'}`)} · {t('robot.perMinute')} {s.perMinute}
            </Descriptions.Item>
          )}
          {s.kind !== 'connect_trigger' && (
            <Descriptions.Item label={s.kind === 'dingtalk_robot' ? t('robot.secret') : t('secret.label')}>
              {s.hasSecret ? t('secret.set', { at: time(s.secretRotatedAt) }) : '—'}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('autoPause.rule')}>
            {s.autoPauseFailures > 0
              ? t('autoPause.value', { n: s.autoPauseFailures, m: s.autoPauseMinutes })
              : t('autoPause.never')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('log.title')}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void deliveries.refetch()}
            aria-label={t('log.refresh')}
          />
        }
      >
        {/* Above the table rather than beside the title: five filters are wider than a phone, so they scroll
            sideways on their own instead of pushing the title and the page off the screen. */}
        <div style={{ overflowX: 'auto', maxWidth: '100%', marginBottom: 12 }}>
          <Segmented<StatusFilter>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[
              { value: 'all', label: t('log.all') },
              { value: 'delivered', label: t('delivery.delivered') },
              { value: 'failed', label: t('delivery.failed') },
              { value: 'dead', label: t('delivery.dead') },
              { value: 'pending', label: t('delivery.pending') },
            ]}
          />
        </div>
        <Table<DeliveryView>
          rowKey="id"
          data-testid="delivery-log"
          loading={deliveries.isLoading}
          dataSource={deliveries.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('log.empty') }}
          pagination={{
            current: page,
            pageSize: 20,
            total: deliveries.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          expandable={{
            expandedRowRender: (d) => (
              <pre style={{ margin: 0, fontSize: token.fontSizeSM, whiteSpace: 'pre-wrap' }}>
                {JSON.stringify(d.payload, null, 2)}
              </pre>
            ),
          }}
          columns={[
            {
              key: 'time',
              title: t('log.time'),
              render: (_, d) => time(d.lastAttemptAt ?? d.createdAt),
            },
            { key: 'type', title: t('log.event'), render: (_, d) => <Tag>{d.eventType}</Tag> },
            {
              key: 'status',
              title: t('col.status'),
              render: (_, d) => <DeliveryStatusTag status={d.status} isHeld={!s.enabled} />,
            },
            {
              key: 'code',
              title: t('log.code'),
              render: (_, d) =>
                d.responseStatus === null ? (
                  '—'
                ) : (
                  <Typography.Text type={d.responseStatus < 300 ? 'success' : 'danger'}>
                    {d.responseStatus}
                  </Typography.Text>
                ),
            },
            {
              key: 'latency',
              title: t('log.latency'),
              render: (_, d) => (d.latencyMs === null ? '—' : `${d.latencyMs} ms`),
            },
            { key: 'attempts', title: t('log.attempts'), dataIndex: 'attempts' },
            {
              key: 'error',
              title: t('log.error'),
              render: (_, d) =>
                d.lastError ? (
                  <Typography.Text
                    type="danger"
                    ellipsis={{ tooltip: d.lastError }}
                    style={{ maxWidth: 240 }}
                  >
                    {d.lastError}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            {
              key: 'actions',
              title: '',
              render: (_, d) => (
                <Button
                  size="small"
                  disabled={d.status === 'sending' || !s.enabled}
                  loading={redeliver.isPending && redeliver.variables === d.id}
                  onClick={() =>
                    redeliver.mutate(d.id, {
                      onSuccess: () => toast.success(t('log.redelivered')),
                      onError: fail,
                    })
                  }
                >
                  {t('log.redeliver')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={isEditing}
        title={t('edit')}
        width={760}
        okText={t('save')}
        confirmLoading={update.isPending}
        onOk={() => void save()}
        onCancel={() => setEditing(false)}
        // Mounted only while open: the form starts from the current values, and nothing renders into a portal
        // during hydration.
        destroyOnHidden
      >
        <SubscriptionForm form={form} initialValues={toFormValues(s)} isEdit />
      </Modal>
    </Space>
  );
}
