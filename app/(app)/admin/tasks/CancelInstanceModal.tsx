'use client';

import { Form, Input, Modal, Typography } from 'antd';
import { validatedValues } from '@/lib/client/form-issues';
import { type AdminTaskRow, useCancelLocalInstance } from '@/lib/client/queries/use-operations';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

/** 取消流程: an admin stops a running local-workflow instance with a reason (audited; open tasks are cancelled). */
export function CancelInstanceModal({ task, onClose }: { task: AdminTaskRow | null; onClose: () => void }) {
  const t = useT('ops');
  const toast = useToast();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelLocalInstance();
  const submit = async () => {
    if (!task) return;
    const values = await validatedValues(form);
    if (!values) return;
    const { reason } = values;
    cancel.mutate(
      { instanceId: task.instanceId, reason },
      {
        onSuccess: () => {
          toast.success(t('cancel.done'));
          form.resetFields();
          onClose();
        },
        onError: toast.error,
      },
    );
  };
  return (
    <Modal
      open={!!task}
      title={t('cancel.title', { title: task?.title ?? '' })}
      okText={t('tasks.cancelInstance')}
      okButtonProps={{ danger: true }}
      cancelText={t('cancel.back')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={cancel.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cancel.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('reassign.reason')}
          rules={[{ required: true, whitespace: true, message: t('cancel.reasonRequired') }]}
        >
          <Input.TextArea maxLength={500} showCount rows={3} placeholder={t('cancel.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
