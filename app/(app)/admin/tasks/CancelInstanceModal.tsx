'use client';

import { App, Form, Input, Modal, Typography } from 'antd';
import { type AdminTaskRow, useCancelLocalInstance } from '@/lib/client/queries/use-operations';

/** 取消流程: an admin stops a running local-workflow instance with a reason (audited; open tasks are cancelled). */
export function CancelInstanceModal({ task, onClose }: { task: AdminTaskRow | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelLocalInstance();
  const submit = async () => {
    if (!task) return;
    const { reason } = await form.validateFields();
    cancel.mutate(
      { instanceId: task.instanceId, reason },
      {
        onSuccess: () => {
          void message.success('流程已取消');
          form.resetFields();
          onClose();
        },
        onError: (error) => void message.error(error.message),
      },
    );
  };
  return (
    <Modal
      open={!!task}
      title={`取消流程 · ${task?.title ?? ''}`}
      okText="取消流程"
      okButtonProps={{ danger: true }}
      cancelText="返回"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={cancel.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        整个汇办本地流程将结束，所有未处理的待办一并取消；发起人会在流程记录中看到原因。
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="原因"
          rules={[{ required: true, whitespace: true, message: '请填写取消原因' }]}
        >
          <Input.TextArea maxLength={500} showCount rows={3} placeholder="如：申请重复提交" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
