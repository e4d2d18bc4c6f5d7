'use client';
import { Alert, AutoComplete, Form, type FormInstance, Select, Space, Typography } from 'antd';
import { AddRowButton, RemoveRowButton } from '@/components/common/FormListButtons';
import {
  useDingTalkConnectorOptions,
  useDingTalkTemplateForm,
  useDingTalkTemplates,
} from '@/lib/client/queries/use-workflows';
import type { FormField } from '@/lib/connectors/local/definition-schema';
import { useT } from '@/lib/i18n/locale-context';
import type { Values } from './step-values';

export function DingTalkFields({ form, fields }: { form: FormInstance<Values>; fields: FormField[] }) {
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
                <RemoveRowButton label={t('common.remove')} onClick={() => remove(item.name)} />
              </Space>
            ))}
            <AddRowButton onClick={() => add({})}>{t('step.addMapping')}</AddRowButton>
          </>
        )}
      </Form.List>
    </>
  );
}
