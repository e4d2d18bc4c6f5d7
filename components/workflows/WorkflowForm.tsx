'use client';

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Select,
  theme,
} from 'antd';
import type { Rule } from 'antd/es/form';
import dayjs, { type Dayjs } from 'dayjs';
import { DATE_VALUE_FORMAT } from '@/lib/client/format-time';
import type { FormField, FormSchema } from '@/lib/connectors/local/definition-schema';
import { checkNumberValue, type NumberProblem } from '@/lib/connectors/local/validate-form-values';
import { useT } from '@/lib/i18n/locale-context';
import type { T } from '@/lib/i18n/translate';
import { AttachmentsInput } from './AttachmentsInput';
import { UserPicker } from './UserPicker';

type ScalarField = Exclude<FormField, { type: 'attachments' | 'table' }>;
type Translate = T<'workflows'>;

/**
 * A local workflow's form as employees fill it: the start page (发起申请) and the designer's preview both render
 * it. Values are kept in the shape the start route takes (dates as `YYYY-MM-DD`, attachments as uploaded-file
 * objects, tables as arrays of row objects); the rules mirror the schema's settings so most mistakes are caught
 * before sending (the server checks everything again).
 */
export function WorkflowForm({
  name = 'workflow',
  schema,
  form,
  onFinish,
  disabled,
  footer,
}: {
  /** Prefixes the inputs' ids: two forms on one page (preview and a version) must not share ids. */
  name?: string;
  schema: FormSchema;
  form: FormInstance;
  onFinish?: (values: Record<string, unknown>) => void;
  disabled?: boolean;
  footer?: React.ReactNode;
}) {
  const t = useT('workflows');
  if (schema.fields.length === 0) return <Empty description={t('form.noFields')} />;
  return (
    <Form
      form={form}
      name={name}
      layout="vertical"
      onFinish={onFinish}
      disabled={disabled}
      scrollToFirstError
    >
      {schema.fields.map((field) =>
        field.type === 'table' ? (
          <TableField key={field.key} field={field} t={t} />
        ) : (
          <Form.Item
            key={field.key}
            name={field.key}
            label={field.label}
            extra={field.help}
            required={field.required}
            rules={rulesFor(field, t)}
            {...valueProps(field)}
          >
            {field.type === 'attachments' ? (
              <AttachmentsInput maxFiles={field.maxFiles} />
            ) : (
              scalarInput(field, t)
            )}
          </Form.Item>
        ),
      )}
      {footer}
    </Form>
  );
}

/** Dates live in the form as strings; the pickers get dayjs objects. */
function valueProps(field: FormField) {
  if (field.type === 'date')
    return {
      getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : undefined }),
      normalize: (d: Dayjs | null) => (d ? d.format(DATE_VALUE_FORMAT) : undefined),
    };
  if (field.type === 'dateRange')
    return {
      getValueProps: (v: unknown) => ({
        value:
          Array.isArray(v) && v.length === 2 ? [dayjs(v[0] as string), dayjs(v[1] as string)] : undefined,
      }),
      normalize: (d: [Dayjs, Dayjs] | null) =>
        d ? [d[0].format(DATE_VALUE_FORMAT), d[1].format(DATE_VALUE_FORMAT)] : undefined,
    };
  return {};
}

function scalarInput(field: ScalarField, t: Translate): React.ReactNode {
  switch (field.type) {
    case 'text':
      return <Input maxLength={field.maxLength} placeholder={t('form.inputPlaceholder')} />;
    case 'textarea':
      return <Input.TextArea maxLength={field.maxLength} autoSize={{ minRows: 3, maxRows: 8 }} />;
    // No min/max on the inputs: antd would silently clamp a typed -5 to 0; the shared check says why instead.
    case 'number':
      return <InputNumber precision={field.precision} style={{ width: 200 }} />;
    case 'money':
      return <InputNumber precision={2} prefix="¥" style={{ width: 200 }} />;
    case 'date':
      return <DatePicker />;
    case 'dateRange':
      return <DatePicker.RangePicker />;
    case 'select':
      return <Select allowClear options={field.options} style={{ minWidth: 200 }} />;
    case 'multiSelect':
      return <Select mode="multiple" allowClear options={field.options} style={{ minWidth: 200 }} />;
    case 'user':
      return <UserPicker multiple={field.multiple} />;
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function rulesFor(field: FormField, t: Translate): Rule[] {
  const rules: Rule[] = [];
  if (field.required)
    rules.push({
      validator: (_, v) =>
        isEmpty(v)
          ? Promise.reject(new Error(t('form.required', { label: field.label })))
          : Promise.resolve(),
    });
  if ((field.type === 'text' || field.type === 'textarea') && field.maxLength)
    rules.push({ max: field.maxLength, message: t('form.tooLong', { n: field.maxLength }) });
  if (field.type === 'text' && field.pattern) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(field.pattern);
    } catch {
      re = null;
    }
    if (re) rules.push({ pattern: re, message: t('form.pattern') });
  }
  if (field.type === 'number' || field.type === 'money')
    rules.push({
      validator: (_, v) => {
        if (isEmpty(v)) return Promise.resolve();
        const problem = checkNumberValue(field, v);
        return problem ? Promise.reject(new Error(numberMessage(problem, t))) : Promise.resolve();
      },
    });
  return rules;
}

function numberMessage(problem: NumberProblem, t: Translate): string {
  switch (problem.kind) {
    case 'notNumber':
      return t('form.notNumber');
    case 'decimals':
      return problem.precision === 0 ? t('form.integer') : t('form.decimals', { n: problem.precision });
    case 'min':
      return t('form.min', { n: problem.n });
    case 'max':
      return t('form.max', { n: problem.n });
  }
}

/** 明细: rows of columns, added and removed by the employee. */
function TableField({ field, t }: { field: Extract<FormField, { type: 'table' }>; t: Translate }) {
  const { token } = theme.useToken();
  const minRows = Math.max(field.minRows ?? 0, field.required ? 1 : 0);
  return (
    <Form.Item label={field.label} extra={field.help} required={field.required}>
      <Form.List
        name={field.key}
        rules={[
          {
            validator: async (_, rows: unknown[] | undefined) => {
              const n = rows?.length ?? 0;
              if (n < minRows)
                throw new Error(
                  field.required && n === 0
                    ? t('form.required', { label: field.label })
                    : t('form.minRows', { n: minRows }),
                );
              if (field.maxRows !== undefined && n > field.maxRows)
                throw new Error(t('form.maxRows', { n: field.maxRows }));
            },
          },
        ]}
      >
        {(rows, { add, remove }, { errors }) => (
          <Flex vertical gap={token.marginXS}>
            {rows.map((row, index) => (
              <Card
                key={row.key}
                size="small"
                title={t('form.row', { n: index + 1 })}
                extra={
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.remove')}
                    onClick={() => remove(row.name)}
                  />
                }
              >
                <Flex wrap gap={token.marginSM}>
                  {field.columns.map((column) => (
                    <Form.Item
                      key={column.key}
                      name={[row.name, column.key]}
                      label={column.label}
                      required={column.required}
                      rules={rulesFor(column, t)}
                      style={{ marginBottom: token.marginXS, minWidth: 160 }}
                      {...valueProps(column)}
                    >
                      {scalarInput(column, t)}
                    </Form.Item>
                  ))}
                </Flex>
              </Card>
            ))}
            {(field.maxRows === undefined || rows.length < field.maxRows) && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ alignSelf: 'flex-start' }}
              >
                {t('form.addRow')}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}
