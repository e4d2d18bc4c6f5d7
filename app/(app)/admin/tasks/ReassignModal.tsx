'use client';

import { App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useUserSearch } from '@/lib/client/queries/use-instance';
import { type AdminTaskRow, useForceReassign } from '@/lib/client/queries/use-operations';

/** 强制转交: pick the new assignee and give a reason; the transfer is done in the assignee's name. */
export function ReassignModal({ task, onClose }: { task: AdminTaskRow | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ targetUserId: string; reason: string }>();
  const [q, setQ] = useState('');
  const users = useUserSearch(q);
  const reassign = useForceReassign();
  const submit = async () => {
    if (!task) return;
    const v = await form.validateFields();
    reassign.mutate(
      { taskId: task.id, ...v },
      {
        onSuccess: () => {
          void message.success('已提交转交，正在写回来源系统');
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
      title={`强制转交 · ${task?.title ?? ''}`}
      okText="转交"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={reassign.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item label="当前处理人">{task?.assigneeName ?? task?.assigneeExternalId}</Form.Item>
        <Form.Item
          name="targetUserId"
          label="转交给"
          rules={[{ required: true, message: '请选择新的处理人' }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            placeholder="搜索姓名"
            options={(users.data?.items ?? [])
              .filter((u) => u.id !== task?.assigneeUserId)
              .map((u) => ({ value: u.id, label: u.department ? `${u.name}（${u.department}）` : u.name }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="原因"
          rules={[{ required: true, whitespace: true, message: '请填写转交原因' }]}
        >
          <Input.TextArea maxLength={256} showCount rows={3} placeholder="如：原处理人休假" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
