'use client';

import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Form, Input, Typography, theme } from 'antd';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { LocaleSwitch } from '@/components/layout/LocaleSwitch';
import { useT } from '@/lib/i18n/locale-context';
import { DingTalkH5SignIn } from './DingTalkH5SignIn';

type Props = {
  callbackUrl: string;
  error?: string;
  dingtalkEnabled: boolean;
  /** Set when the page is opened inside the DingTalk client (or with `?corpId=`): 免登 runs first. */
  dingtalkH5?: { app: { corpId: string; clientId: string } | null };
};

export function LoginPage({ callbackUrl, error, dingtalkEnabled, dingtalkH5 }: Props) {
  const t = useT('login');
  const { token } = theme.useToken();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(
    error === 'AccessDenied' ? t('dingtalkDenied') : error ? t('dingtalkFailed') : null,
  );

  async function onFinish(values: { login: string; password: string }) {
    setSubmitting(true);
    setFailure(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setSubmitting(false);
    setFailure(result?.error === 'TooManyAttempts' ? t('throttled') : t('failed'));
  }

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', background: token.colorBgLayout, padding: token.padding }}
    >
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Flex justify="space-between" align="baseline">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('title')}
          </Typography.Title>
          <LocaleSwitch />
        </Flex>
        <Typography.Paragraph type="secondary">{t('common:app.tagline')}</Typography.Paragraph>
        {dingtalkH5 && <DingTalkH5SignIn app={dingtalkH5.app} callbackUrl={callbackUrl} />}
        {failure && (
          <Alert type="error" showIcon title={failure} style={{ marginBottom: token.margin }} role="alert" />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
          <Form.Item name="login" label={t('login')} rules={[{ required: true, message: t('required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus={!dingtalkH5} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('password')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('submit')}
          </Button>
        </Form>
        {dingtalkEnabled && (
          <>
            <Divider plain>{t('or')}</Divider>
            <Button block onClick={() => void signIn('dingtalk', { callbackUrl })}>
              {t('dingtalk')}
            </Button>
          </>
        )}
      </Card>
    </Flex>
  );
}
