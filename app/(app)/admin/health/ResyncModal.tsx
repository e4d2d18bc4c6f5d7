'use client';

import { useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { OperationProgress } from '@/components/admin/OperationProgress';
import { useStartOperation } from '@/lib/client/queries/use-operations';

type Values = { mode: 'instance' | 'window'; instanceExternalId?: string; window?: [Dayjs, Dayjs] };

/** 重新同步: one instance, or every instance of the connector in a time window; then its progress. */
export function ResyncModal({
  connector,
  onClose,
}: {
  connector: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const { message } = App.useApp();
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
    const v = await form.validateFields();
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
        onError: (error) => void message.error(error.message),
      },
    );
  };
  return (
    <Modal
      open={!!connector}
      title={`重新同步 · ${connector?.name ?? ''}`}
      onCancel={close}
      onOk={operationId ? close : submit}
      okText={operationId ? '关闭' : '开始同步'}
      confirmLoading={start.isPending}
      cancelButtonProps={{ style: operationId ? { display: 'none' } : undefined }}
      destroyOnHidden
    >
      {operationId ? (
        <OperationProgress
          operationId={operationId}
          onFinished={() => void client.invalidateQueries({ queryKey: ['ops', 'sync-health'] })}
        />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ mode: 'instance', window: [dayjs().subtract(1, 'day'), dayjs()] }}
        >
          <Form.Item name="mode" label="范围">
            <Radio.Group
              options={[
                { value: 'instance', label: '单个实例' },
                { value: 'window', label: '时间范围内的全部实例' },
              ]}
            />
          </Form.Item>
          {mode === 'window' ? (
            <Form.Item
              name="window"
              label="发起或更新时间"
              rules={[{ required: true, message: '请选择时间范围' }]}
            >
              <DatePicker.RangePicker showTime style={{ width: '100%' }} />
            </Form.Item>
          ) : (
            <Form.Item
              name="instanceExternalId"
              label="来源实例 ID"
              rules={[{ required: true, whitespace: true, message: '请输入来源系统的实例 ID' }]}
            >
              <Input placeholder="如钉钉 processInstanceId" />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}
