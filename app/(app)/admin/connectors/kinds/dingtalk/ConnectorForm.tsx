'use client';

import { Button, Divider, Form, Input, Radio, Select, Space, Switch, Tag, theme } from 'antd';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api-client';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { ConnectorOf } from '../kind-ui';

export type ConnectorFormValues = {
  name: string;
  corpId: string;
  clientId: string;
  clientSecret?: string;
  deliveryMode: 'stream' | 'http';
  aesKey?: string;
  callbackToken?: string;
  processCodes: string[];
  apiBase?: string;
  oapiBase?: string;
  pcLinkTemplate?: string;
  mobileLinkTemplate?: string;
  oaPremium?: boolean;
  enabled?: boolean;
};

/** What the API gets: empty secrets are left out (they keep the stored value), empty settings clear. */
export type ConnectorFormBody = Omit<ConnectorFormValues, 'clientSecret' | 'aesKey' | 'callbackToken'> & {
  clientSecret?: string;
  aesKey?: string;
  callbackToken?: string;
};

type SecretName = 'clientSecret' | 'aesKey' | 'callbackToken';

/**
 * The DingTalk connector form for create and edit. Secrets are write-only (invariant 6): each secret field
 * starts empty, shows whether a value is stored, and replaces it only when filled in.
 */
export function ConnectorForm({
  connector,
  defaults,
  submitLabel,
  onSubmit,
}: {
  /** The stored connector when editing; absent when creating. */
  connector?: ConnectorOf<'dingtalk'>;
  /** The process-wide hosts that apply when apiBase / oapiBase are left empty. */
  defaults: { apiBase: string; oapiBase: string };
  submitLabel: string;
  onSubmit: (body: ConnectorFormBody) => Promise<unknown>;
}) {
  const [form] = Form.useForm<ConnectorFormValues>();
  const toast = useToast();
  const t = useT('connectors');
  const { token } = theme.useToken();
  const deliveryMode = Form.useWatch('deliveryMode', form);
  const isCreate = !connector;
  const [isSaving, setSaving] = useState(false);
  const isSet = (name: SecretName) => connector?.secretsSet[name] ?? false;

  const initialValues: ConnectorFormValues = connector?.settings
    ? {
        name: connector.name,
        corpId: connector.corpId ?? '',
        clientId: connector.settings.clientId,
        deliveryMode: connector.settings.deliveryMode,
        processCodes: connector.settings.processCodes,
        apiBase: connector.settings.apiBase ?? '',
        oapiBase: connector.settings.oapiBase ?? '',
        pcLinkTemplate: connector.settings.pcLinkTemplate ?? '',
        mobileLinkTemplate: connector.settings.mobileLinkTemplate ?? '',
        oaPremium: connector.settings.oaPremium,
      }
    : { name: '', corpId: '', clientId: '', deliveryMode: 'stream', processCodes: [], enabled: true };

  async function submit(values: ConnectorFormValues) {
    const body: ConnectorFormBody = { ...values };
    for (const name of ['clientSecret', 'aesKey', 'callbackToken'] as const) {
      if (!values[name]) delete body[name];
    }
    setSaving(true);
    try {
      await onSubmit(body);
      // Never keep a typed secret in the form after it is saved.
      form.setFieldsValue({ clientSecret: '', aesKey: '', callbackToken: '' });
    } catch (error) {
      if (error instanceof ApiError && error.issues?.length) {
        form.setFields(
          error.issues.map((issue) => ({
            name: issue.path.replace(/^body\./, '').split('.')[0] as keyof ConnectorFormValues,
            errors: [issue.message],
          })),
        );
      }
      toast.errorOr(t('saveFailed'))(error);
    } finally {
      setSaving(false);
    }
  }

  const secretLabel = (label: string, name: SecretName) =>
    isCreate ? (
      label
    ) : (
      <Space size={token.marginXS}>
        {label}
        <Tag color={isSet(name) ? 'green' : 'default'} data-testid={`secret-state-${name}`}>
          {isSet(name) ? t('form.secretSet') : t('form.secretUnset')}
        </Tag>
      </Space>
    );
  const secretPlaceholder = (name: SecretName) =>
    isCreate ? '' : isSet(name) ? t('form.secretKeep') : t('form.secretUnset');
  // Callback mode needs both; an already stored value counts.
  const requiredForHttp = (name: SecretName) => deliveryMode === 'http' && !isSet(name);

  return (
    <Form<ConnectorFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      style={{ maxWidth: 720 }}
      autoComplete="off"
    >
      <Form.Item
        label={t('form.name')}
        name="name"
        rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }]}
      >
        <Input placeholder={t('form.namePlaceholder')} maxLength={100} />
      </Form.Item>
      <Form.Item
        label="CorpId"
        name="corpId"
        rules={[{ required: true, whitespace: true, message: t('form.corpIdRequired') }]}
      >
        <Input placeholder="ding..." maxLength={64} />
      </Form.Item>
      <Form.Item
        label="Client ID (AppKey)"
        name="clientId"
        rules={[{ required: true, whitespace: true, message: t('form.clientIdRequired') }]}
      >
        <Input maxLength={128} />
      </Form.Item>
      <Form.Item
        label={secretLabel('Client Secret (AppSecret)', 'clientSecret')}
        name="clientSecret"
        rules={[{ required: isCreate, message: t('form.clientSecretRequired') }]}
      >
        <Input.Password placeholder={secretPlaceholder('clientSecret')} autoComplete="new-password" />
      </Form.Item>

      <Divider titlePlacement="start">{t('form.events')}</Divider>
      <Form.Item label={t('form.receiveMode')} name="deliveryMode">
        <Radio.Group
          options={[
            { value: 'stream', label: t('form.mode.stream') },
            { value: 'http', label: t('form.mode.http') },
          ]}
        />
      </Form.Item>
      <Form.Item
        label={secretLabel(t('form.aesKey'), 'aesKey')}
        name="aesKey"
        extra={t('form.aesKeyHelp')}
        rules={[
          { required: requiredForHttp('aesKey'), message: t('form.aesKeyRequired') },
          { len: 43, message: t('form.aesKeyLength') },
        ]}
      >
        <Input.Password placeholder={secretPlaceholder('aesKey')} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={secretLabel(t('form.callbackToken'), 'callbackToken')}
        name="callbackToken"
        extra={t('form.callbackTokenHelp')}
        rules={[{ required: requiredForHttp('callbackToken'), message: t('form.callbackTokenRequired') }]}
      >
        <Input.Password placeholder={secretPlaceholder('callbackToken')} autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('form.processCodes')} name="processCodes" extra={t('form.processCodesHelp')}>
        <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="PROC-..." open={false} />
      </Form.Item>

      <Divider titlePlacement="start">{t('form.advanced')}</Divider>
      <Form.Item
        label={t('form.apiBase')}
        name="apiBase"
        rules={[{ type: 'url', message: t('form.urlInvalid') }]}
      >
        <Input placeholder={t('form.defaultHost', { host: defaults.apiBase })} />
      </Form.Item>
      <Form.Item
        label={t('form.oapiBase')}
        name="oapiBase"
        rules={[{ type: 'url', message: t('form.urlInvalid') }]}
      >
        <Input placeholder={t('form.defaultHost', { host: defaults.oapiBase })} />
      </Form.Item>
      <Form.Item label={t('form.pcLink')} name="pcLinkTemplate" extra={t('form.linkHelp')}>
        <Input />
      </Form.Item>
      <Form.Item label={t('form.mobileLink')} name="mobileLinkTemplate">
        <Input />
      </Form.Item>
      <Form.Item
        label={t('form.oaPremium')}
        name="oaPremium"
        valuePropName="checked"
        extra={t('form.oaPremiumHelp')}
      >
        <Switch data-testid="oa-premium" />
      </Form.Item>
      {isCreate && (
        <Form.Item label={t('form.enabledOnCreate')} name="enabled" valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={isSaving}>
          {submitLabel}
        </Button>
      </Form.Item>
    </Form>
  );
}
