'use client';

import {
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PlainList } from '@/components/common/PlainList';
import { UserPicker } from '@/components/workflows/UserPicker';
import { formatTime } from '@/lib/client/format-time';
import {
  type DelegationView,
  useCancelDelegation,
  useCreateDelegation,
  useDelegableProcesses,
  useDelegations,
} from '@/lib/client/queries/use-delegations';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

type FormValues = {
  principalUserId?: string;
  delegateUserId?: string;
  window: [Dayjs, Dayjs];
  scope: 'all' | 'selected';
  processes?: string[];
  note?: string;
};

const STATE_COLOR = { upcoming: 'blue', active: 'green', ended: 'default' } as const;

/**
 * 代理 settings: a form to name a delegate for a period (all processes or selected ones) and the list of
 * delegations with their state. For the viewer's own (`asAdmin` false) or, in the admin area, for anyone. One
 * column of cards, so it reads the same at 390 px and on a desk.
 */
export function DelegationManager({ asAdmin, viewerId }: { asAdmin: boolean; viewerId?: string }) {
  const t = useT('delegation');
  const toast = useToast();
  const [form] = Form.useForm<FormValues>();
  const list = useDelegations(asAdmin);
  const create = useCreateDelegation(asAdmin);
  const cancel = useCancelDelegation(asAdmin);
  const processes = useDelegableProcesses();
  const scope = Form.useWatch('scope', form);
  const initial = useMemo<Partial<FormValues>>(
    () => ({ window: [dayjs().startOf('minute'), dayjs().add(7, 'day').endOf('day')], scope: 'all' }),
    [],
  );
  const processOptions = (processes.data?.items ?? []).map((p) => ({
    value: `${p.connectorId}|${p.processCode}`,
    label: `${p.name} · ${p.connectorName}`,
  }));

  async function save(values: FormValues) {
    try {
      await create.mutateAsync({
        ...(asAdmin ? { principalUserId: values.principalUserId } : {}),
        delegateUserId: values.delegateUserId ?? '',
        startsAt: values.window[0].toISOString(),
        endsAt: values.window[1].toISOString(),
        processes:
          values.scope === 'selected'
            ? (values.processes ?? []).map((key) => {
                const cut = key.indexOf('|');
                return { connectorId: key.slice(0, cut), processCode: key.slice(cut + 1) };
              })
            : null,
        note: values.note || undefined,
      });
      toast.success(t('saved'));
      form.resetFields(['delegateUserId', 'principalUserId', 'processes', 'note']);
    } catch (error) {
      toast.error(error);
    }
  }

  const required = [{ required: true, message: t('form.required') }];
  return (
    <Flex vertical gap={16}>
      <Card title={t('new')} size="small">
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={(v) => void save(v)}
          data-testid="delegation-form"
          style={{ maxWidth: 560 }}
        >
          {asAdmin && (
            <Form.Item name="principalUserId" label={t('form.principal')} rules={required}>
              <UserPicker data-testid="delegation-principal" />
            </Form.Item>
          )}
          <Form.Item name="delegateUserId" label={t('form.delegate')} rules={required}>
            <UserPicker data-testid="delegation-delegate" />
          </Form.Item>
          <Form.Item name="window" label={t('form.window')} rules={required} style={{ maxWidth: '100%' }}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ maxWidth: '100%' }}
            />
          </Form.Item>
          <Form.Item name="scope" label={t('form.scope')}>
            <Radio.Group
              options={[
                { value: 'all', label: t('form.scope.all') },
                { value: 'selected', label: t('form.scope.selected') },
              ]}
            />
          </Form.Item>
          {scope === 'selected' && (
            <Form.Item name="processes" label={t('form.processes')} rules={required}>
              <Select
                mode="multiple"
                options={processOptions}
                loading={processes.isLoading}
                placeholder={t('form.processesPlaceholder')}
                optionFilterProp="label"
                data-testid="delegation-processes"
              />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('form.note')}>
            <Input maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="delegation-save">
            {t('form.save')}
          </Button>
        </Form>
      </Card>
      <LoadingError error={list.error} />
      {list.isLoading ? (
        <Skeleton active />
      ) : (list.data?.items ?? []).length === 0 ? (
        <Empty description={t('empty')} />
      ) : (
        <PlainList<DelegationView>
          items={list.data?.items ?? []}
          rowKey={(d) => d.id}
          data-testid="delegation-list"
          renderItem={(d) => (
            <Card size="small" style={{ width: '100%' }} data-testid="delegation-row">
              <Flex justify="space-between" align="start" wrap gap={8}>
                <Flex vertical gap={4} style={{ minWidth: 0 }}>
                  <Typography.Text strong>
                    <span data-user-content>{d.principal.name}</span> →{' '}
                    <span data-user-content>{d.delegate.name}</span>
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {formatTime(d.startsAt)} —{' '}
                    {formatTime(d.cancelledAt && d.cancelledAt < d.endsAt ? d.cancelledAt : d.endsAt)}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t('col.scope')}:{' '}
                    {d.processes
                      ? d.processes.map((p) => p.name ?? p.processCode).join(t('listSeparator'))
                      : t('form.scope.all')}
                  </Typography.Text>
                  {d.note && (
                    <Typography.Text type="secondary" data-user-content>
                      {d.note}
                    </Typography.Text>
                  )}
                </Flex>
                <Flex gap={8} align="center" wrap>
                  {!asAdmin && viewerId && (
                    <Tag>{d.principal.id === viewerId ? t('role.mine') : t('role.forMe')}</Tag>
                  )}
                  <Tag color={STATE_COLOR[d.state]} data-testid="delegation-state">
                    {t(`state.${d.state}`)}
                  </Tag>
                  {d.state !== 'ended' && (asAdmin || d.principal.id === viewerId) && (
                    <Popconfirm
                      title={t('cancelConfirm')}
                      onConfirm={() =>
                        cancel.mutate(d.id, {
                          onSuccess: () => toast.success(t('cancelled')),
                          onError: toast.error,
                        })
                      }
                    >
                      <Button size="small" danger data-testid="delegation-cancel">
                        {t('cancel')}
                      </Button>
                    </Popconfirm>
                  )}
                </Flex>
              </Flex>
            </Card>
          )}
        />
      )}
    </Flex>
  );
}
