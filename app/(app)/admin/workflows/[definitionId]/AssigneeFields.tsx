'use client';

import { Alert, Form, type FormInstance, InputNumber, Radio, Select } from 'antd';
import { UserPicker } from '@/components/workflows/UserPicker';
import type { FormField } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import type { Values } from './step-values';

export function AssigneeFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
  const t = useT('workflows');
  const type = Form.useWatch(['assignee', 'type'], form) as string | undefined;
  const userFields = fields.filter((f) => f.type === 'user');
  return (
    <>
      <Form.Item name={['assignee', 'type']} label={t('step.assignee')} rules={[{ required: true }]}>
        <Radio.Group
          options={(['users', 'role', 'manager', 'originatorPick'] as const).map((k) => ({
            value: k,
            label: t(`assigneeType.${k}`),
          }))}
        />
      </Form.Item>
      {type === 'users' && (
        <Form.Item
          name={['assignee', 'userIds']}
          label={t('assigneeType.users')}
          rules={[{ required: true, message: t('step.usersRequired') }]}
        >
          <UserPicker multiple data-testid="assignee-users" />
        </Form.Item>
      )}
      {type === 'role' && (
        <Form.Item name={['assignee', 'role']} label={t('assigneeType.role')} initialValue="admin">
          <Select options={[{ value: 'admin', label: t('common:user.admin') }]} style={{ width: 200 }} />
        </Form.Item>
      )}
      {type === 'manager' && (
        <Form.Item name={['assignee', 'levels']} label={t('step.managerLevels')} initialValue={1}>
          <InputNumber min={1} max={5} precision={0} />
        </Form.Item>
      )}
      {type === 'originatorPick' &&
        (userFields.length === 0 ? (
          <Alert type="warning" showIcon title={t('step.needUserField')} />
        ) : (
          <Form.Item name={['assignee', 'fieldKey']} label={t('step.pickField')} rules={[{ required: true }]}>
            <Select
              options={userFields.map((f) => ({ value: f.key, label: f.label }))}
              style={{ width: 240 }}
            />
          </Form.Item>
        ))}
    </>
  );
}
