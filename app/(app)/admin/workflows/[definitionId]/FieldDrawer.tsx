'use client';

import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Tag,
  theme,
} from 'antd';
import { RemoveRowButton } from '@/components/common/FormListButtons';
import { SCALAR_FIELD_TYPES } from '@/lib/client/workflow-designer';
import type { FormField } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';

const KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;

type Option = { value: string; label: string };
type Editable = Record<string, unknown> & { optionLabels?: string[]; columns?: Editable[] };

/** Options are edited as a list of labels (each label is also its value). */
function toEditable(field: Record<string, unknown>): Editable {
  const copy: Editable = { ...field };
  if (Array.isArray(field.options)) copy.optionLabels = (field.options as Option[]).map((o) => o.label);
  if (Array.isArray(field.columns))
    copy.columns = (field.columns as Record<string, unknown>[]).map(toEditable);
  return copy;
}

/** Back to the schema's shape: options from labels, empty optional settings dropped. */
function fromEditable(values: Editable, type: string): Record<string, unknown> {
  const out: Record<string, unknown> = { type };
  for (const [k, v] of Object.entries(values)) {
    if (k === 'optionLabels' || k === 'columns' || v === null || v === undefined || v === '') continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  if (type === 'select' || type === 'multiSelect')
    out.options = [...new Set(values.optionLabels ?? [])].map((l) => ({ value: l, label: l }));
  if (type === 'table')
    out.columns = (values.columns ?? []).map((c) => fromEditable(c, String(c.type ?? 'text')));
  out.required = Boolean(values.required);
  return out;
}

/** The settings of one field (and of a table's columns), in a drawer. */
export function FieldDrawer({
  field,
  otherKeys,
  onClose,
  onSave,
}: {
  field: FormField | null;
  otherKeys: string[];
  onClose: () => void;
  onSave: (field: FormField) => void;
}) {
  const t = useT('workflows');
  return (
    <Drawer
      open={field !== null}
      onClose={onClose}
      title={field ? `${t('field.settings')} · ${t(`fieldType.${field.type}`)}` : ''}
      size="large"
      destroyOnHidden
      extra={
        <Button type="primary" htmlType="submit" form="wf-field" data-testid="field-drawer-ok">
          {t('common.ok')}
        </Button>
      }
    >
      {field && <FieldForm key={field.key} field={field} otherKeys={otherKeys} onSave={onSave} />}
    </Drawer>
  );
}

function FieldForm({
  field,
  otherKeys,
  onSave,
}: {
  field: FormField;
  otherKeys: string[];
  onSave: (field: FormField) => void;
}) {
  const t = useT('workflows');
  const { token } = theme.useToken();
  const [form] = Form.useForm<Editable>();
  const type = field.type;
  return (
    <Form
      form={form}
      name="wf-field"
      layout="vertical"
      initialValues={toEditable(field)}
      onFinish={(values) => onSave(fromEditable(values, field.type) as FormField)}
    >
      <Form.Item
        name="label"
        label={t('field.label')}
        rules={[{ required: true, whitespace: true, message: t('field.labelRequired') }]}
      >
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item
        name="key"
        label={t('field.key')}
        extra={t('field.keyHint')}
        rules={[
          { required: true, pattern: KEY_PATTERN, message: t('field.keyPattern') },
          {
            validator: (_, v) =>
              otherKeys.includes(v) ? Promise.reject(new Error(t('field.keyTaken'))) : Promise.resolve(),
          },
        ]}
      >
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="required" label={t('field.required')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="help" label={t('field.help')}>
        <Input maxLength={200} />
      </Form.Item>
      {type && type !== 'table' && <TypeSettings type={type} />}
      {type === 'table' && (
        <>
          <Space>
            <Form.Item name="minRows" label={t('field.minRows')}>
              <InputNumber min={0} max={200} precision={0} />
            </Form.Item>
            <Form.Item name="maxRows" label={t('field.maxRows')}>
              <InputNumber min={1} max={200} precision={0} />
            </Form.Item>
          </Space>
          <Form.List name="columns">
            {(columns, { add, remove }) => (
              <Flex vertical gap={token.marginSM}>
                {columns.map((column, index) => (
                  <Card
                    key={column.key}
                    size="small"
                    title={<Tag>{t('field.column', { n: index + 1 })}</Tag>}
                    extra={<RemoveRowButton label={t('common.remove')} onClick={() => remove(column.name)} />}
                  >
                    <Space wrap align="start">
                      <Form.Item
                        name={[column.name, 'label']}
                        label={t('field.label')}
                        rules={[{ required: true, whitespace: true, message: t('field.labelRequired') }]}
                      >
                        <Input maxLength={60} />
                      </Form.Item>
                      <Form.Item
                        name={[column.name, 'key']}
                        label={t('field.key')}
                        rules={[{ required: true, pattern: KEY_PATTERN, message: t('field.keyPattern') }]}
                      >
                        <Input maxLength={40} />
                      </Form.Item>
                      <Form.Item name={[column.name, 'type']} label={t('field.type')} initialValue="text">
                        <Select
                          style={{ width: 120 }}
                          options={SCALAR_FIELD_TYPES.map((v) => ({
                            value: v,
                            label: t(`fieldType.${v}`),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[column.name, 'required']}
                        label={t('field.required')}
                        valuePropName="checked"
                      >
                        <Switch />
                      </Form.Item>
                    </Space>
                    <Form.Item noStyle dependencies={[['columns', column.name, 'type']]}>
                      {() => {
                        const columnType = form.getFieldValue(['columns', column.name, 'type']) as string;
                        return columnType === 'select' || columnType === 'multiSelect' ? (
                          <Form.Item
                            name={[column.name, 'optionLabels']}
                            label={t('field.options')}
                            rules={[{ required: true, message: t('field.optionsRequired') }]}
                          >
                            <Select mode="tags" open={false} placeholder={t('field.optionsHint')} />
                          </Form.Item>
                        ) : null;
                      }}
                    </Form.Item>
                  </Card>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({ key: `col${columns.length + 1}`, label: '', type: 'text', required: false })
                  }
                >
                  {t('field.addColumn')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </>
      )}
    </Form>
  );
}

function TypeSettings({ type }: { type: Exclude<FormField['type'], 'table'> }) {
  const t = useT('workflows');
  switch (type) {
    case 'text':
      return (
        <>
          <Form.Item name="maxLength" label={t('field.maxLength')}>
            <InputNumber min={1} max={2000} precision={0} />
          </Form.Item>
          <Form.Item name="pattern" label={t('field.pattern')} extra={t('field.patternHint')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      );
    case 'textarea':
      return (
        <Form.Item name="maxLength" label={t('field.maxLength')}>
          <InputNumber min={1} max={20000} precision={0} />
        </Form.Item>
      );
    case 'number':
    case 'money':
      return (
        <Space wrap align="start">
          <Form.Item
            name="min"
            label={t('field.min')}
            extra={type === 'money' ? t('field.moneyMinHint') : undefined}
          >
            <InputNumber
              precision={type === 'money' ? 2 : undefined}
              placeholder={type === 'money' ? '0' : undefined}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Form.Item
            name="max"
            label={t('field.max')}
            dependencies={['min']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, max: unknown) => {
                  const min = getFieldValue('min') as unknown;
                  return typeof max === 'number' && typeof min === 'number' && max < min
                    ? Promise.reject(new Error(t('field.maxBelowMin')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <InputNumber precision={type === 'money' ? 2 : undefined} style={{ width: 160 }} />
          </Form.Item>
          {type === 'number' && (
            <Form.Item name="precision" label={t('field.precision')}>
              <InputNumber min={0} max={6} precision={0} />
            </Form.Item>
          )}
        </Space>
      );
    case 'select':
    case 'multiSelect':
      return (
        <Form.Item
          name="optionLabels"
          label={t('field.options')}
          extra={t('field.optionsHint')}
          rules={[{ required: true, message: t('field.optionsRequired') }]}
        >
          <Select mode="tags" open={false} />
        </Form.Item>
      );
    case 'user':
      return (
        <Form.Item name="multiple" label={t('field.multipleUsers')} valuePropName="checked">
          <Switch />
        </Form.Item>
      );
    case 'attachments':
      return (
        <Form.Item name="maxFiles" label={t('field.maxFiles')}>
          <InputNumber min={1} max={20} precision={0} />
        </Form.Item>
      );
    default:
      return null;
  }
}
