'use client';

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Tag,
  theme,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api-client';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { ConnectorOf } from '../kind-ui';

const ACTIONS = ['create', 'complete', 'cancel', 'delete', 'cc'] as const;

type AppValues = {
  appType: string;
  name?: string;
  formUuids: string[];
  systemToken?: string;
  isStored?: boolean;
};

export type YidaConnectorFormValues = {
  name: string;
  corpId: string;
  clientId: string;
  clientSecret?: string;
  operatorUserId: string;
  apps: AppValues[];
  enabledActions: (typeof ACTIONS)[number][];
  signatureWindowSeconds: number;
  snapshotSource: 'openapi' | 'push';
  apiBase?: string;
  oapiBase?: string;
  yidaOrigin?: string;
  pcLinkTemplate?: string;
  mobileLinkTemplate?: string;
  enabled?: boolean;
};

/** What the API gets (`kind: 'yida'`): empty secrets are left out, so the stored ones are kept. */
export type YidaConnectorFormBody = Record<string, unknown> & { kind?: 'yida' };

/**
 * The Yida connector form for create and edit, beside the DingTalk one (the admin pages pick the form by
 * kind). Secrets are write-only (invariant 6): the DingTalk app secret and each app's systemToken start empty,
 * show whether a value is stored, and replace it only when filled in.
 */
export function YidaConnectorForm({
  connector,
  defaults,
  submitLabel,
  onSubmit,
}: {
  connector?: ConnectorOf<'yida'>;
  defaults: { apiBase: string; oapiBase: string };
  submitLabel: string;
  onSubmit: (body: YidaConnectorFormBody) => Promise<unknown>;
}) {
  const [form] = Form.useForm<YidaConnectorFormValues>();
  const toast = useToast();
  const { token } = theme.useToken();
  const t = useT('yida');
  const [isSaving, setSaving] = useState(false);
  const isCreate = !connector;
  const y = connector?.yida;

  const initialValues: YidaConnectorFormValues = y
    ? {
        name: connector.name,
        corpId: connector.corpId ?? '',
        clientId: y.clientId,
        operatorUserId: y.operatorUserId,
        apps: y.apps.map((a) => ({
          appType: a.appType,
          name: a.name ?? '',
          formUuids: a.formUuids,
          isStored: a.systemTokenSet,
        })),
        enabledActions: y.enabledActions,
        signatureWindowSeconds: y.signatureWindowSeconds,
        snapshotSource: y.snapshotSource,
        apiBase: y.apiBase ?? '',
        oapiBase: y.oapiBase ?? '',
        yidaOrigin: y.yidaOrigin ?? '',
        pcLinkTemplate: y.pcLinkTemplate ?? '',
        mobileLinkTemplate: y.mobileLinkTemplate ?? '',
      }
    : {
        name: '',
        corpId: '',
        clientId: '',
        operatorUserId: '',
        apps: [{ appType: '', formUuids: [] }],
        enabledActions: [...ACTIONS],
        signatureWindowSeconds: 900,
        snapshotSource: 'openapi',
        enabled: true,
      };

  async function submit(values: YidaConnectorFormValues) {
    const { clientSecret, apps, enabled, ...rest } = values;
    const body: YidaConnectorFormBody = {
      ...(isCreate ? { kind: 'yida' as const } : {}),
      ...rest,
      apps: apps.map((a) => ({
        appType: a.appType,
        ...(a.name ? { name: a.name } : {}),
        formUuids: a.formUuids ?? [],
        ...(a.systemToken ? { systemToken: a.systemToken } : {}),
      })),
      ...(clientSecret ? { clientSecret } : {}),
      ...(isCreate ? { enabled: enabled ?? true } : {}),
    };
    setSaving(true);
    try {
      await onSubmit(body);
      // Never keep a typed secret in the form after it is saved.
      form.setFieldValue('clientSecret', '');
      form.setFieldValue(
        'apps',
        form.getFieldValue('apps').map((a: AppValues) => ({ ...a, systemToken: '', isStored: true })),
      );
    } catch (error) {
      if (error instanceof ApiError && error.issues?.length) {
        form.setFields(
          error.issues.map((issue) => ({
            name: issue.path
              .replace(/^body\./, '')
              .split('.')
              .map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never,
            errors: [issue.message],
          })),
        );
      }
      toast.errorOr(t('connectors:saveFailed'))(error);
    } finally {
      setSaving(false);
    }
  }

  const secretState = (isSet: boolean) =>
    isCreate ? null : (
      <Tag color={isSet ? 'green' : 'default'}>{isSet ? t('secretSet') : t('secretUnset')}</Tag>
    );
  const required = { required: true, whitespace: true, message: t('required') };

  return (
    <Form<YidaConnectorFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      style={{ maxWidth: 720 }}
      autoComplete="off"
    >
      <Form.Item label={t('name')} name="name" rules={[required]}>
        <Input placeholder={t('namePlaceholder')} maxLength={100} />
      </Form.Item>
      <Form.Item label={t('corpId')} name="corpId" rules={[required]}>
        <Input placeholder="ding..." maxLength={64} />
      </Form.Item>
      <Form.Item label={t('clientId')} name="clientId" rules={[required]}>
        <Input maxLength={128} />
      </Form.Item>
      <Form.Item
        label={
          <Space size={token.marginXS}>
            {t('clientSecret')}
            {secretState(connector?.secretsSet.clientSecret ?? false)}
          </Space>
        }
        name="clientSecret"
        rules={[{ required: isCreate, message: t('required') }]}
      >
        <Input.Password placeholder={isCreate ? '' : t('secretKeep')} autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('operatorUserId')} name="operatorUserId" rules={[required]}>
        <Input maxLength={64} />
      </Form.Item>

      <Divider titlePlacement="start">{t('apps')}</Divider>
      <Form.List name="apps">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field, index) => {
              const isStored = form.getFieldValue(['apps', field.name, 'isStored']) === true;
              return (
                <Card
                  key={field.key}
                  size="small"
                  title={t('appN', { n: index + 1 })}
                  extra={
                    fields.length > 1 && (
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                      >
                        {t('removeApp')}
                      </Button>
                    )
                  }
                >
                  <Form.Item label={t('appType')} name={[field.name, 'appType']} rules={[required]}>
                    <Input placeholder="APP_..." maxLength={64} />
                  </Form.Item>
                  <Form.Item label={t('appName')} name={[field.name, 'name']}>
                    <Input maxLength={100} />
                  </Form.Item>
                  <Form.Item label={t('formUuids')} name={[field.name, 'formUuids']}>
                    <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="FORM-..." open={false} />
                  </Form.Item>
                  <Form.Item
                    label={
                      <Space size={token.marginXS}>
                        {t('systemToken')}
                        {secretState(isStored)}
                      </Space>
                    }
                    name={[field.name, 'systemToken']}
                    rules={[{ required: !isStored, message: t('required') }]}
                  >
                    <Input.Password
                      placeholder={isStored ? t('secretKeep') : ''}
                      autoComplete="new-password"
                    />
                  </Form.Item>
                </Card>
              );
            })}
            <Button icon={<PlusOutlined />} onClick={() => add({ appType: '', formUuids: [] })}>
              {t('addApp')}
            </Button>
          </Space>
        )}
      </Form.List>

      <Divider titlePlacement="start">{t('actions')}</Divider>
      <Form.Item name="enabledActions">
        <Checkbox.Group options={ACTIONS.map((a) => ({ value: a, label: t(`action.${a}`) }))} />
      </Form.Item>
      <Form.Item label={t('window')} name="signatureWindowSeconds">
        <InputNumber min={0} max={86_400} />
      </Form.Item>
      <Form.Item label={t('source')} name="snapshotSource">
        <Radio.Group
          options={[
            { value: 'openapi', label: t('source.openapi') },
            { value: 'push', label: t('source.push') },
          ]}
        />
      </Form.Item>

      <Divider titlePlacement="start">{t('advanced')}</Divider>
      <Form.Item label={t('apiBase')} name="apiBase" rules={[{ type: 'url' }]}>
        <Input placeholder={defaults.apiBase} />
      </Form.Item>
      <Form.Item label={t('oapiBase')} name="oapiBase" rules={[{ type: 'url' }]}>
        <Input placeholder={defaults.oapiBase} />
      </Form.Item>
      <Form.Item label={t('origin')} name="yidaOrigin" rules={[{ type: 'url' }]}>
        <Input placeholder="https://www.aliwork.com" />
      </Form.Item>
      <Form.Item label={t('pcLink')} name="pcLinkTemplate" extra={t('linkHelp')}>
        <Input />
      </Form.Item>
      <Form.Item label={t('mobileLink')} name="mobileLinkTemplate">
        <Input />
      </Form.Item>
      {isCreate && (
        <Form.Item label={t('enabledOnCreate')} name="enabled" valuePropName="checked">
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
