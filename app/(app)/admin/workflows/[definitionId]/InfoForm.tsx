'use client';

import { Form, Input, Radio, Select } from 'antd';
import { UserPicker } from '@/components/workflows/UserPicker';
import type { WorkflowDetail } from '@/lib/client/queries/use-workflows';
import { useT } from '@/lib/i18n/locale-context';

export type InfoValues = {
  name: string;
  category?: string | null;
  description?: string | null;
  startersMode: 'all' | 'some';
  starterUserIds?: string[];
  starterDepartments?: string[];
};

export function toInfo(d: WorkflowDetail): InfoValues {
  return {
    name: d.name,
    category: d.category,
    description: d.description,
    startersMode: 'all' in d.starters ? 'all' : 'some',
    starterUserIds: 'all' in d.starters ? [] : d.starters.userIds,
    starterDepartments: 'all' in d.starters ? [] : d.starters.departments,
  };
}

/** The 基本信息 tab: name, category, description and who may start the workflow. */
export function InfoForm({
  form,
  onChange,
}: {
  form: ReturnType<typeof Form.useForm<InfoValues>>[0];
  onChange: () => void;
}) {
  const t = useT('workflows');
  const mode = Form.useWatch('startersMode', form);
  return (
    <Form form={form} name="wf-info" layout="vertical" style={{ maxWidth: 640 }} onValuesChange={onChange}>
      <Form.Item
        name="name"
        label={t('info.name')}
        rules={[{ required: true, whitespace: true, message: t('info.nameRequired') }]}
      >
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="category" label={t('info.category')} extra={t('info.categoryHint')}>
        <Input maxLength={30} />
      </Form.Item>
      <Form.Item name="description" label={t('info.description')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Form.Item name="startersMode" label={t('info.starters')}>
        <Radio.Group
          options={[
            { value: 'all', label: t('info.startersAll') },
            { value: 'some', label: t('info.startersSome') },
          ]}
        />
      </Form.Item>
      {mode === 'some' && (
        <>
          <Form.Item name="starterUserIds" label={t('info.starterUsers')}>
            <UserPicker multiple />
          </Form.Item>
          <Form.Item
            name="starterDepartments"
            label={t('info.starterDepartments')}
            extra={t('info.starterDepartmentsHint')}
          >
            <Select mode="tags" open={false} />
          </Form.Item>
        </>
      )}
    </Form>
  );
}
