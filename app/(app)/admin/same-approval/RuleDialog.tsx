'use client';

import {
  AutoComplete,
  type ButtonProps,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import {
  type SameApprovalRuleChoices,
  type SameApprovalRuleInput,
  type SameApprovalRuleView,
  useSameApprovalRuleChoices,
} from '@/lib/client/queries/use-same-approval-rules';
import { useT } from '@/lib/i18n/locale-context';

type Side = { connectorId?: string; processCode?: string; field?: string };
type Values = { name: string; a: Side; b: Side; enabled: boolean };

/**
 * The rule form, new or edited: a name, then for each side a source, its process (picked from the processes
 * Huiban has seen, or typed: a rule may come before the first instance) and the form field. The checks are the
 * API's (the same zod schema decides on the server); the form says the obvious ones before sending.
 */
export function RuleDialog({
  rule,
  saving,
  onCancel,
  onSave,
}: {
  /** null: a new rule. */
  rule: SameApprovalRuleView | null;
  saving: boolean;
  onCancel: () => void;
  onSave: (input: SameApprovalRuleInput) => void;
}) {
  const t = useT('sameApproval');
  const [form] = Form.useForm<Values>();
  const choices = useSameApprovalRuleChoices(true);
  const side = (s: SameApprovalRuleView['a'] | undefined): Side =>
    s ? { connectorId: s.connectorId, processCode: s.processCode, field: s.field } : {};
  return (
    <Modal
      open
      width={760}
      title={rule ? t('rules.editTitle') : t('rules.add')}
      okText={t('rules.save')}
      cancelText={t('rules.cancel')}
      confirmLoading={saving}
      onCancel={onCancel}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'rule-save' } as ButtonProps}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          name: rule?.name ?? '',
          a: side(rule?.a),
          b: side(rule?.b),
          enabled: rule?.enabled ?? true,
        }}
        onFinish={(v) =>
          onSave({
            name: v.name,
            a: {
              connectorId: v.a.connectorId ?? '',
              processCode: v.a.processCode ?? '',
              field: v.a.field ?? '',
            },
            b: {
              connectorId: v.b.connectorId ?? '',
              processCode: v.b.processCode ?? '',
              field: v.b.field ?? '',
            },
            enabled: v.enabled,
          })
        }
      >
        <Form.Item
          name="name"
          label={t('rules.field.name')}
          rules={[{ required: true, whitespace: true, message: t('rules.required') }, { max: 100 }]}
        >
          <Input maxLength={100} data-testid="rule-name" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('rules.sideHint')}</Typography.Paragraph>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <SideFields which="a" title={t('rules.sideA')} choices={choices.data} />
          </Col>
          <Col xs={24} md={12}>
            <SideFields which="b" title={t('rules.sideB')} choices={choices.data} />
          </Col>
        </Row>
        <Form.Item
          name="enabled"
          label={t('rules.field.enabled')}
          valuePropName="checked"
          style={{ marginTop: 16, marginBottom: 0 }}
        >
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SideFields({
  which,
  title,
  choices,
}: {
  which: 'a' | 'b';
  title: string;
  choices: SameApprovalRuleChoices | undefined;
}) {
  const t = useT('sameApproval');
  const form = Form.useFormInstance<Values>();
  const connectorId = Form.useWatch([which, 'connectorId'], form);
  const processCode = Form.useWatch([which, 'processCode'], form);
  const processes = choices?.connectors.find((c) => c.id === connectorId)?.processes ?? [];
  const fields = processes.find((p) => p.code === processCode)?.fields ?? [];
  const other = which === 'a' ? 'b' : 'a';
  const required = { required: true, whitespace: true, message: t('rules.required') };
  return (
    <Card size="small" title={title} data-testid={`rule-side-${which}`}>
      <Form.Item name={[which, 'connectorId']} label={t('rules.field.connector')} rules={[required]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={`${title} ${t('rules.field.connector')}`}
          data-testid={`rule-${which}-connector`}
          options={(choices?.connectors ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={() => {
            // Another source: its processes and fields are others.
            form.setFieldValue([which, 'processCode'], undefined);
            form.setFieldValue([which, 'field'], undefined);
          }}
        />
      </Form.Item>
      <Form.Item
        name={[which, 'processCode']}
        label={t('rules.field.process')}
        extra={t('rules.field.processHint')}
        dependencies={[
          [other, 'connectorId'],
          [other, 'processCode'],
          [which, 'connectorId'],
        ]}
        rules={[
          required,
          { max: 200 },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              value?.trim() &&
              getFieldValue([which, 'connectorId']) === getFieldValue([other, 'connectorId']) &&
              value.trim() === (getFieldValue([other, 'processCode']) as string | undefined)?.trim()
                ? Promise.reject(new Error(t('rules.sameProcess')))
                : Promise.resolve(),
          }),
        ]}
      >
        <AutoComplete
          aria-label={`${title} ${t('rules.field.process')}`}
          data-testid={`rule-${which}-process`}
          options={processes.map((p) => ({
            value: p.code,
            label:
              p.name && p.name !== p.code ? t('common:withDetail', { name: p.name, detail: p.code }) : p.code,
          }))}
        />
      </Form.Item>
      <Form.Item name={[which, 'field']} label={t('rules.field.field')} rules={[required, { max: 200 }]}>
        <AutoComplete
          aria-label={`${title} ${t('rules.field.field')}`}
          data-testid={`rule-${which}-field`}
          options={fields.map((f) => ({ value: f, label: f }))}
        />
      </Form.Item>
    </Card>
  );
}
