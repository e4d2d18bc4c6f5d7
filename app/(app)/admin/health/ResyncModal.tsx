'use client';

import { useQueryClient } from '@tanstack/react-query';
import { DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { OperationProgress } from '@/components/admin/OperationProgress';
import { validatedValues } from '@/lib/client/form-issues';
import { useStartOperation } from '@/lib/client/queries/use-operations';
import { queryKeys } from '@/lib/client/query-keys';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

type Values = { mode: 'instance' | 'window'; instanceExternalId?: string; window?: [Dayjs, Dayjs] };

/** 重新同步: one instance, or every instance of the connector in a time window; then its progress. */
export function ResyncModal({
  connector,
  onClose,
}: {
  connector: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const t = useT('ops');
  const toast = useToast();
  const [form] = Form.useForm<Values>();
  const start = useStartOperation();
  const client = useQueryClient();
  const [operationId, setOperationId] = useState<string | null>(null);
  const mode = Form.useWatch('mode', form);
  const close = () => {
    setOperationId(null);
    form.resetFields();
    onClose();
  };
  const submit = async () => {
    if (!connector) return;
    const v = await validatedValues(form);
    if (!v) return;
    const params =
      v.mode === 'instance'
        ? { connectorId: connector.id, instanceExternalId: v.instanceExternalId }
        : {
            connectorId: connector.id,
            since: v.window?.[0].toISOString(),
            until: v.window?.[1].toISOString(),
          };
    start.mutate(
      { kind: 'resync', params },
      {
        onSuccess: (op) => setOperationId(op.id),
        onError: toast.error,
      },
    );
  };
  return (
    <Modal
      open={!!connector}
      title={t('resync.title', { name: connector?.name ?? '' })}
      onCancel={close}
      onOk={operationId ? close : submit}
      okText={t(operationId ? 'resync.close' : 'resync.start')}
      confirmLoading={start.isPending}
      cancelButtonProps={{ style: operationId ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {operationId ? (
        <OperationProgress
          operationId={operationId}
          onFinished={() => void client.invalidateQueries({ queryKey: queryKeys.operations.syncHealth })}
        />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ mode: 'instance', window: [dayjs().subtract(1, 'day'), dayjs()] }}
        >
          <Form.Item name="mode" label={t('resync.mode')}>
            <Radio.Group
              options={[
                { value: 'instance', label: t('resync.mode.instance') },
                { value: 'window', label: t('resync.mode.window') },
              ]}
            />
          </Form.Item>
          {mode === 'window' ? (
            <Form.Item
              name="window"
              label={t('resync.window')}
              rules={[{ required: true, message: t('resync.windowRequired') }]}
            >
              <DatePicker.RangePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          ) : (
            <Form.Item
              name="instanceExternalId"
              label={t('resync.instanceId')}
              rules={[{ required: true, whitespace: true, message: t('resync.instanceIdRequired') }]}
            >
              <Input placeholder={t('resync.instanceIdPlaceholder')} />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}
