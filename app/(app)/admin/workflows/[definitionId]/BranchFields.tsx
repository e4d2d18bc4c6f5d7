'use client';

import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  type FormInstance,
  Input,
  Select,
  Space,
  Typography,
  theme,
} from 'antd';
import { RemoveRowButton } from '@/components/common/FormListButtons';
import { CONDITION_OPS } from '@/lib/client/workflow-designer';
import type { FormField } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import type { Values } from './step-values';

export function BranchFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const branches = (Form.useWatch('branches', form) ?? []) as Values[];
  return (
    <Form.List name="branches">
      {(items, { add, remove }) => (
        <Flex vertical gap={token.marginSM}>
          <Typography.Text type="secondary">{t('step.branchesHint')}</Typography.Text>
          {items.map((item, index) => {
            const b = branches[index] ?? {};
            const op = b.when?.op as string | undefined;
            return (
              <Card
                key={item.key}
                size="small"
                title={t('step.branchN', { n: index + 1 })}
                extra={
                  items.length > 2 && (
                    <RemoveRowButton label={t('common.remove')} onClick={() => remove(item.name)} />
                  )
                }
              >
                <Form.Item name={[item.name, 'index']} hidden>
                  <Input />
                </Form.Item>
                <Form.Item
                  name={[item.name, 'name']}
                  label={t('step.branchName')}
                  rules={[{ required: true, whitespace: true }]}
                >
                  <Input maxLength={60} />
                </Form.Item>
                <Form.Item name={[item.name, 'hasWhen']} valuePropName="checked">
                  <Checkbox>{t('step.hasCondition')}</Checkbox>
                </Form.Item>
                {b.hasWhen && (
                  <Space wrap align="start">
                    <Form.Item
                      name={[item.name, 'when', 'fieldKey']}
                      label={t('step.condField')}
                      rules={[{ required: true }]}
                    >
                      <Select
                        style={{ width: 180 }}
                        options={fields.map((f) => ({ value: f.key, label: f.label }))}
                      />
                    </Form.Item>
                    <Form.Item name={[item.name, 'when', 'op']} label={t('step.condOp')} initialValue="eq">
                      <Select
                        style={{ width: 120 }}
                        options={CONDITION_OPS.map((o) => ({ value: o, label: t(`op.${o}`) }))}
                      />
                    </Form.Item>
                    {op !== 'empty' && op !== 'notEmpty' && (
                      <Form.Item
                        name={[item.name, 'when', 'value']}
                        label={t('step.condValue')}
                        extra={op === 'in' ? t('step.condInHint') : undefined}
                        rules={[{ required: true }]}
                      >
                        <Input style={{ width: 180 }} />
                      </Form.Item>
                    )}
                  </Space>
                )}
              </Card>
            );
          })}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() =>
              add({ name: t('step.branchN', { n: items.length + 1 }), hasWhen: true, when: { op: 'eq' } })
            }
          >
            {t('step.addBranch')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
