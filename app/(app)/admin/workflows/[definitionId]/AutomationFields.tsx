'use client';
import {
  Alert,
  AutoComplete,
  Card,
  Form,
  type FormInstance,
  Input,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { AddRowButton, RemoveRowButton } from '@/components/common/FormListButtons';
import {
  type JsonSchema,
  useConnectActions,
  useDingTalkConnectorOptions,
} from '@/lib/client/queries/use-workflows';
import { type FormField, WEBHOOK_HEADER_MASK } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import type { Values } from './step-values';

export function AutomationFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
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
                      <HeaderValueInput />
                    </Form.Item>
                    <RemoveRowButton label={t('common.remove')} onClick={() => remove(item.name)} />
                  </Space>
                ))}
                <AddRowButton onClick={() => add({})}>{t('step.addHeader')}</AddRowButton>
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

/**
 * A webhook header value is write-only: the server sends WEBHOOK_HEADER_MASK for a stored one. It shows as an
 * empty field saying "set"; left empty, the mask goes back and the server keeps the stored value.
 */
function HeaderValueInput({ value, onChange }: { value?: string; onChange?: (value: string) => void }) {
  const t = useT('workflows');
  const [wasSet] = useState(value === WEBHOOK_HEADER_MASK);
  return (
    <Input.Password
      visibilityToggle={false}
      autoComplete="new-password"
      value={value === WEBHOOK_HEADER_MASK ? '' : value}
      placeholder={wasSet ? t('step.headerValueKept') : 'value'}
      onChange={(e) => onChange?.(e.target.value === '' && wasSet ? WEBHOOK_HEADER_MASK : e.target.value)}
    />
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
