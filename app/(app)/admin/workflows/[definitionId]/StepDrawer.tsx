'use client';

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Drawer,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Typography,
  theme,
} from 'antd';
import { UserPicker } from '@/components/workflows/UserPicker';
import {
  type JsonSchema,
  useConnectActions,
  useDingTalkConnectorOptions,
  useDingTalkTemplateForm,
  useDingTalkTemplates,
} from '@/lib/client/queries/use-workflows';
import { CONDITION_OPS } from '@/lib/client/workflow-designer';
import type { FormField, WorkflowStep } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';

// biome-ignore lint/suspicious/noExplicitAny: the drawer's form values differ by step kind; fromValues shapes them
type Values = Record<string, any>;

/** The step as the drawer's form holds it (lists instead of maps, flags instead of optional objects). */
function toValues(step: WorkflowStep): Values {
  switch (step.kind) {
    case 'condition':
      return {
        ...step,
        branches: step.branches.map((b, i) => ({
          name: b.name,
          hasWhen: Boolean(b.when),
          when: b.when
            ? { ...b.when, value: Array.isArray(b.when.value) ? b.when.value.join(',') : b.when.value }
            : { op: 'eq' },
          index: i,
        })),
      };
    case 'automation':
      return step.action.type === 'webhook'
        ? {
            ...step,
            action: {
              ...step.action,
              headerList: Object.entries(step.action.headers ?? {}).map(([name, value]) => ({ name, value })),
            },
          }
        : {
            ...step,
            action: { ...step.action, ref: `${step.action.integrationConnectorId}::${step.action.actionId}` },
          };
    default:
      return { ...step };
  }
}

function conditionValue(op: string, raw: unknown, field: FormField | undefined): unknown {
  if (op === 'empty' || op === 'notEmpty') return undefined;
  const numeric = field?.type === 'number' || field?.type === 'money';
  const one = (s: string) => (numeric && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s.trim());
  if (op === 'in')
    return String(raw ?? '')
      .split(/[,，]/)
      .filter(Boolean)
      .map(one);
  return one(String(raw ?? ''));
}

function fromValues(step: WorkflowStep, v: Values, fields: FormField[]): WorkflowStep {
  const base = { id: step.id, name: String(v.name ?? '').trim() };
  switch (step.kind) {
    case 'approval':
      return {
        ...base,
        kind: 'approval',
        assignee: v.assignee,
        mode: v.mode ?? 'sequential',
        ...(typeof v.dueHours === 'number' ? { dueHours: v.dueHours } : {}),
      };
    case 'cc':
      return { ...base, kind: 'cc', assignee: v.assignee };
    case 'condition':
      return {
        ...base,
        kind: 'condition',
        branches: (v.branches as Values[]).map((b) => ({
          name: String(b.name ?? '').trim(),
          ...(b.hasWhen
            ? {
                when: {
                  fieldKey: b.when?.fieldKey,
                  op: b.when?.op ?? 'eq',
                  ...(conditionValue(
                    b.when?.op,
                    b.when?.value,
                    fields.find((f) => f.key === b.when?.fieldKey),
                  ) !== undefined
                    ? {
                        value: conditionValue(
                          b.when?.op,
                          b.when?.value,
                          fields.find((f) => f.key === b.when?.fieldKey),
                        ) as string,
                      }
                    : {}),
                },
              }
            : {}),
          // Steps inside a branch are edited on the canvas; the drawer keeps them with their branch.
          steps: typeof b.index === 'number' ? (step.branches[b.index]?.steps ?? []) : [],
        })),
      };
    case 'dingtalkApproval':
      return {
        ...base,
        kind: 'dingtalkApproval',
        connectorId: v.connectorId ?? '',
        processCode: String(v.processCode ?? '').trim(),
        fieldMap: (v.fieldMap ?? []).filter((m: Values) => m?.fieldKey && m?.componentName),
      };
    case 'automation': {
      const a = v.action ?? {};
      if (a.type === 'connectAction') {
        const [integrationConnectorId = '', actionId = ''] = String(a.ref ?? '').split('::');
        const input = Object.fromEntries(
          Object.entries((a.input ?? {}) as Record<string, unknown>).filter(
            ([, x]) => x !== undefined && x !== '',
          ),
        );
        return {
          ...base,
          kind: 'automation',
          action: {
            type: 'connectAction',
            connectorId: a.connectorId ?? '',
            integrationConnectorId,
            actionId,
            input,
          },
        };
      }
      const headers = Object.fromEntries(
        ((a.headerList ?? []) as Values[])
          .filter((h) => h?.name)
          .map((h) => [String(h.name).trim(), String(h.value ?? '')]),
      );
      return {
        ...base,
        kind: 'automation',
        action: {
          type: 'webhook',
          url: String(a.url ?? '').trim(),
          ...(Object.keys(headers).length ? { headers } : {}),
        },
      };
    }
  }
}

/** The settings of one step, in a drawer (per kind). */
export function StepDrawer({
  step,
  fields,
  onClose,
  onSave,
}: {
  step: WorkflowStep | null;
  fields: FormField[];
  onClose: () => void;
  onSave: (step: WorkflowStep) => void;
}) {
  const t = useT('workflows');
  return (
    <Drawer
      open={step !== null}
      onClose={onClose}
      // The form mounts only while open, with its own store: it starts from the step each time, and the
      // drawers of several step lists (branches) never render inputs with the same ids at once.
      destroyOnHidden
      size="large"
      title={step ? `${t('step.settings')} · ${t(`stepKind.${step.kind}`)}` : ''}
      extra={
        <Button type="primary" htmlType="submit" form="wf-step" data-testid="step-drawer-ok">
          {t('common.ok')}
        </Button>
      }
    >
      {step && <StepForm key={step.id} step={step} fields={fields} onSave={onSave} />}
    </Drawer>
  );
}

function StepForm({
  step,
  fields,
  onSave,
}: {
  step: WorkflowStep;
  fields: FormField[];
  onSave: (step: WorkflowStep) => void;
}) {
  const t = useT('workflows');
  const [form] = Form.useForm<Values>();
  return (
    <Form
      form={form}
      name="wf-step"
      layout="vertical"
      initialValues={toValues(step)}
      onFinish={(v) => onSave(fromValues(step, v, fields))}
    >
      <Form.Item
        name="name"
        label={t('step.name')}
        rules={[{ required: true, whitespace: true, message: t('step.nameRequired') }]}
      >
        <Input maxLength={60} />
      </Form.Item>
      {(step.kind === 'approval' || step.kind === 'cc') && <AssigneeFields form={form} fields={fields} />}
      {step.kind === 'approval' && (
        <>
          <Form.Item name="mode" label={t('step.mode')} extra={t('step.modeHint')}>
            <Radio.Group
              options={(['sequential', 'all', 'any'] as const).map((m) => ({
                value: m,
                label: t(`mode.${m}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="dueHours" label={t('step.dueHours')} extra={t('step.dueHoursHint')}>
            <InputNumber min={1} max={24 * 90} precision={0} addonAfter={t('step.hours')} />
          </Form.Item>
        </>
      )}
      {step.kind === 'condition' && <BranchFields form={form} fields={fields} />}
      {step.kind === 'dingtalkApproval' && <DingTalkFields form={form} fields={fields} />}
      {step.kind === 'automation' && <AutomationFields form={form} fields={fields} />}
    </Form>
  );
}

function AssigneeFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
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

function BranchFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
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
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.remove')}
                      onClick={() => remove(item.name)}
                    />
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

function DingTalkFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
  const t = useT('workflows');
  const connectorId = Form.useWatch('connectorId', form) as string | undefined;
  const processCode = Form.useWatch('processCode', form) as string | undefined;
  const connectors = useDingTalkConnectorOptions();
  const templates = useDingTalkTemplates(connectorId || undefined);
  const schema = useDingTalkTemplateForm(connectorId || undefined, processCode?.trim() || undefined);
  return (
    <>
      <Form.Item name="connectorId" label={t('step.dingtalkConnector')} rules={[{ required: true }]}>
        <Select
          loading={connectors.isLoading}
          options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name, disabled: !c.enabled }))}
          notFoundContent={t('step.noDingtalkConnector')}
        />
      </Form.Item>
      <Form.Item
        name="processCode"
        label={t('step.template')}
        extra={t('step.templateHint')}
        rules={[{ required: true }]}
      >
        <AutoComplete
          options={(templates.data ?? []).map((tpl) => ({
            value: tpl.processCode,
            label: tpl.name
              ? t('common:withDetail', { name: tpl.name, detail: tpl.processCode })
              : tpl.processCode,
          }))}
        />
      </Form.Item>
      {schema.error && (
        <Alert type="warning" showIcon title={schema.error.message} style={{ marginBottom: 16 }} />
      )}
      {schema.data && (
        <Typography.Paragraph type="secondary">
          {t('step.templateLoaded', {
            name: schema.data.name ?? schema.data.processCode,
            n: schema.data.components.length,
          })}
        </Typography.Paragraph>
      )}
      <Typography.Text strong>{t('step.fieldMap')}</Typography.Text>
      <Form.List name="fieldMap">
        {(items, { add, remove }) => (
          <>
            {items.map((item) => (
              <Space key={item.key} align="start" wrap>
                <Form.Item name={[item.name, 'fieldKey']} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 200 }}
                    placeholder={t('step.formField')}
                    options={fields.map((f) => ({ value: f.key, label: f.label }))}
                  />
                </Form.Item>
                <Form.Item name={[item.name, 'componentName']} rules={[{ required: true }]}>
                  <AutoComplete
                    style={{ width: 220 }}
                    placeholder={t('step.component')}
                    options={(schema.data?.components ?? []).map((c) => ({
                      value: c.name,
                      label: t('common:withDetail', { name: c.name, detail: c.type }),
                    }))}
                  />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.remove')}
                  onClick={() => remove(item.name)}
                />
              </Space>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({})}
              style={{ display: 'block', marginTop: 8 }}
            >
              {t('step.addMapping')}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}

function AutomationFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
  const t = useT('workflows');
  const type = Form.useWatch(['action', 'type'], form) as string | undefined;
  const connectorId = Form.useWatch(['action', 'connectorId'], form) as string | undefined;
  const ref = Form.useWatch(['action', 'ref'], form) as string | undefined;
  const connectors = useDingTalkConnectorOptions();
  const actions = useConnectActions(type === 'connectAction' ? connectorId || undefined : undefined);
  const chosen = (actions.data ?? []).find((a) => `${a.integrationConnectorId}::${a.actionId}` === ref);
  return (
    <>
      <Form.Item name={['action', 'type']} label={t('step.automationType')} initialValue="webhook">
        <Radio.Group
          options={[
            { value: 'webhook', label: t('step.webhook') },
            { value: 'connectAction', label: t('step.connectAction') },
          ]}
        />
      </Form.Item>
      {type !== 'connectAction' ? (
        <>
          <Form.Item
            name={['action', 'url']}
            label="URL"
            extra={t('step.webhookHint')}
            rules={[{ required: true, type: 'url' }]}
          >
            <Input placeholder="https://example.com/hooks/expense" />
          </Form.Item>
          <Typography.Text strong>{t('step.headers')}</Typography.Text>
          <Form.List name={['action', 'headerList']}>
            {(items, { add, remove }) => (
              <>
                {items.map((item) => (
                  <Space key={item.key} align="start">
                    <Form.Item name={[item.name, 'name']} rules={[{ required: true }]}>
                      <Input placeholder="X-Token" />
                    </Form.Item>
                    <Form.Item name={[item.name, 'value']}>
                      <Input placeholder="value" />
                    </Form.Item>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.remove')}
                      onClick={() => remove(item.name)}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  style={{ display: 'block', marginTop: 8 }}
                >
                  {t('step.addHeader')}
                </Button>
              </>
            )}
          </Form.List>
        </>
      ) : (
        <>
          <Form.Item
            name={['action', 'connectorId']}
            label={t('step.dingtalkConnector')}
            rules={[{ required: true }]}
          >
            <Select options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          {actions.error && (
            <Alert type="warning" showIcon title={actions.error.message} style={{ marginBottom: 16 }} />
          )}
          <Form.Item name={['action', 'ref']} label={t('step.action')} rules={[{ required: true }]}>
            <Select
              loading={actions.isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              options={(actions.data ?? []).map((a) => ({
                value: `${a.integrationConnectorId}::${a.actionId}`,
                label: a.connectorName ? `${a.connectorName} · ${a.name}` : a.name,
              }))}
            />
          </Form.Item>
          {chosen?.description && (
            <Typography.Paragraph type="secondary">{chosen.description}</Typography.Paragraph>
          )}
          {chosen && <ActionInputFields schema={chosen.inputSchema} fields={fields} />}
        </>
      )}
    </>
  );
}

/** The action's input form, generated from its JSON schema (top-level properties); templates allowed. */
function ActionInputFields({ schema, fields }: { schema: JsonSchema | undefined; fields: FormField[] }) {
  const t = useT('workflows');
  const properties = Object.entries(schema?.properties ?? {});
  if (properties.length === 0) return <Typography.Text type="secondary">{t('step.noInput')}</Typography.Text>;
  const templateOptions = [
    ...fields.map((f) => ({ value: `{{form.${f.key}}}`, label: `${f.label} {{form.${f.key}}}` })),
    { value: '{{instance.id}}', label: `${t('step.instanceId')} {{instance.id}}` },
  ];
  return (
    <Card size="small" title={t('step.actionInput')}>
      <Typography.Paragraph type="secondary">{t('step.actionInputHint')}</Typography.Paragraph>
      {properties.map(([name, prop]) => (
        <Form.Item
          key={name}
          name={['action', 'input', name]}
          label={prop.title ? t('common:withDetail', { name: prop.title, detail: name }) : name}
          extra={prop.description}
          rules={[{ required: schema?.required?.includes(name) ?? false }]}
        >
          {prop.enum ? (
            <Select options={prop.enum.map((e) => ({ value: String(e), label: String(e) }))} allowClear />
          ) : (
            <AutoComplete options={templateOptions} placeholder={prop.type ?? 'string'} />
          )}
        </Form.Item>
      ))}
    </Card>
  );
}
