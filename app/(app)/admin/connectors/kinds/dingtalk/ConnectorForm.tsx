'use client';

import { App, Button, Divider, Form, Input, Radio, Select, Space, Switch, Tag, theme } from 'antd';
import { useState } from 'react';
import { ApiError } from '@/lib/client/api-client';
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
  const { message } = App.useApp();
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
      void message.error(error instanceof ApiError ? error.message : '保存失败');
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
          {isSet(name) ? '已设置' : '未设置'}
        </Tag>
      </Space>
    );
  const secretPlaceholder = (name: SecretName) =>
    isCreate ? '' : isSet(name) ? '留空则保持不变，填写则替换' : '未设置';
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
        label="名称"
        name="name"
        rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
      >
        <Input placeholder="例如：汇办科技 · 钉钉审批" maxLength={100} />
      </Form.Item>
      <Form.Item
        label="CorpId"
        name="corpId"
        rules={[{ required: true, whitespace: true, message: '请填写 CorpId' }]}
      >
        <Input placeholder="ding..." maxLength={64} />
      </Form.Item>
      <Form.Item
        label="Client ID (AppKey)"
        name="clientId"
        rules={[{ required: true, whitespace: true, message: '请填写 Client ID' }]}
      >
        <Input maxLength={128} />
      </Form.Item>
      <Form.Item
        label={secretLabel('Client Secret (AppSecret)', 'clientSecret')}
        name="clientSecret"
        rules={[{ required: isCreate, message: '请填写 Client Secret' }]}
      >
        <Input.Password placeholder={secretPlaceholder('clientSecret')} autoComplete="new-password" />
      </Form.Item>

      <Divider titlePlacement="start">事件接收</Divider>
      <Form.Item label="接收方式" name="deliveryMode">
        <Radio.Group
          options={[
            { value: 'stream', label: 'Stream 模式（推荐）' },
            { value: 'http', label: 'HTTP 回调' },
          ]}
        />
      </Form.Item>
      <Form.Item
        label={secretLabel('加密 aes_key', 'aesKey')}
        name="aesKey"
        extra="HTTP 回调模式需要：钉钉开发者后台生成的 43 位加密 aes_key"
        rules={[
          { required: requiredForHttp('aesKey'), message: 'HTTP 回调模式需要 aes_key' },
          { len: 43, message: 'aes_key 必须是 43 个字符' },
        ]}
      >
        <Input.Password placeholder={secretPlaceholder('aesKey')} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={secretLabel('签名 token', 'callbackToken')}
        name="callbackToken"
        extra="HTTP 回调模式需要"
        rules={[{ required: requiredForHttp('callbackToken'), message: 'HTTP 回调模式需要 token' }]}
      >
        <Input.Password placeholder={secretPlaceholder('callbackToken')} autoComplete="new-password" />
      </Form.Item>
      <Form.Item label="审批模板 processCode" name="processCodes" extra="只同步这些模板的审批；留空表示全部">
        <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="PROC-..." open={false} />
      </Form.Item>

      <Divider titlePlacement="start">高级</Divider>
      <Form.Item label="开放平台地址 apiBase" name="apiBase" rules={[{ type: 'url', message: '请输入 URL' }]}>
        <Input placeholder={`默认 ${defaults.apiBase}`} />
      </Form.Item>
      <Form.Item
        label="旧版接口地址 oapiBase"
        name="oapiBase"
        rules={[{ type: 'url', message: '请输入 URL' }]}
      >
        <Input placeholder={`默认 ${defaults.oapiBase}`} />
      </Form.Item>
      <Form.Item
        label="PC 端链接模板"
        name="pcLinkTemplate"
        extra="可用变量 {corpId} {instanceId} {taskId}；留空则使用钉钉提供的链接"
      >
        <Input />
      </Form.Item>
      <Form.Item label="移动端链接模板" name="mobileLinkTemplate">
        <Input />
      </Form.Item>
      {isCreate && (
        <Form.Item label="创建后立即启用" name="enabled" valuePropName="checked">
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
