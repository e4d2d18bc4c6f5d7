'use client';

import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { useState } from 'react';
import { useT } from '@/lib/i18n/locale-context';

type Values = { token: string; username: string; name: string; password: string };

export function SetupPage() {
  const t = useT('login');
  const { token } = theme.useToken();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function onFinish(values: Values) {
    setSubmitting(true);
    setFailure(null);
    const response = await fetch('/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(values),
    });
    if (response.ok) {
      window.location.assign('/login');
      return;
    }
    setSubmitting(false);
    setFailure(t('setup.failed'));
  }

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', background: token.colorBgLayout, padding: token.padding }}
    >
      <Card style={{ width: 420, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('setup.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
        {failure && (
          <Alert type="error" showIcon title={failure} style={{ marginBottom: token.margin }} role="alert" />
        )}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
          <Form.Item name="token" label={t('setup.token')} rules={[{ required: true }]}>
            <Input autoComplete="off" autoFocus />
          </Form.Item>
          <Form.Item name="username" label={t('setup.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="name" label={t('setup.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="password" label={t('setup.password')} rules={[{ required: true, min: 10 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('setup.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
