'use client';

import { Checkbox, Form, Input, Modal } from 'antd';
import { useSaveView } from '@/lib/client/queries/use-inbox';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import type { FilterParams } from './InboxFilters';

/**
 * 保存当前视图: names the current filters (and makes them the default if asked). Its own module, loaded when first
 * opened (SavedViewsPanel): the form stack is not part of the inbox's first load.
 */
export function SaveViewDialog({
  view,
  params,
  open,
  onClose,
}: {
  view: InboxView;
  params: FilterParams;
  open: boolean;
  onClose(): void;
}) {
  const t = useT('inbox');
  const toast = useToast();
  const save = useSaveView();
  const [form] = Form.useForm<{ name: string; isDefault: boolean }>();

  const submit = async () => {
    const values = await form.validateFields();
    const { sort, ...filters } = params;
    try {
      await save.mutateAsync({
        name: values.name,
        view,
        filters,
        sort: sort ?? null,
        isDefault: !!values.isDefault,
      });
      toast.success(t('views.saved'));
      onClose();
      form.resetFields();
    } catch (error) {
      toast.error(error);
    }
  };

  return (
    <Modal
      title={t('views.save')}
      open={open}
      onOk={submit}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ isDefault: false }}>
        <Form.Item
          name="name"
          label={t('views.name')}
          rules={[{ required: true, whitespace: true, max: 40 }]}
        >
          <Input autoFocus maxLength={40} />
        </Form.Item>
        <Form.Item name="isDefault" valuePropName="checked">
          <Checkbox>{t('views.default')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
