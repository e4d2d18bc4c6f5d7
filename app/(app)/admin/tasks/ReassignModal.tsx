'use client';

import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { validatedValues } from '@/lib/client/form-issues';
import { useUserSearch } from '@/lib/client/queries/use-instance';
import { type AdminTaskRow, useForceReassign } from '@/lib/client/queries/use-operations';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

/** 强制转交: pick the new assignee and give a reason; the transfer is done in the assignee's name. */
export function ReassignModal({ task, onClose }: { task: AdminTaskRow | null; onClose: () => void }) {
  const t = useT('ops');
  const toast = useToast();
  const [form] = Form.useForm<{ targetUserId: string; reason: string }>();
  const [q, setQ] = useState('');
  const users = useUserSearch(q);
  const reassign = useForceReassign();
  const submit = async () => {
    if (!task) return;
    const v = await validatedValues(form);
    if (!v) return;
    reassign.mutate(
      { taskId: task.id, ...v },
      {
        onSuccess: () => {
          toast.success(t('reassign.done'));
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
      title={t('reassign.title', { title: task?.title ?? '' })}
      okText={t('reassign.ok')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={reassign.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item label={t('reassign.current')}>{task?.assigneeName ?? task?.assigneeExternalId}</Form.Item>
        <Form.Item
          name="targetUserId"
          label={t('reassign.target')}
          rules={[{ required: true, message: t('reassign.targetRequired') }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={setQ}
            placeholder={t('reassign.searchName')}
            options={(users.data?.items ?? [])
              .filter((u) => u.id !== task?.assigneeUserId)
              .map((u) => ({
                value: u.id,
                label: u.department ? t('common:withDetail', { name: u.name, detail: u.department }) : u.name,
              }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('reassign.reason')}
          rules={[{ required: true, whitespace: true, message: t('reassign.reasonRequired') }]}
        >
          <Input.TextArea maxLength={256} showCount rows={3} placeholder={t('reassign.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
