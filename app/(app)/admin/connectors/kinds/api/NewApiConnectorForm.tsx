'use client';

import { App, Button, Form, Input } from 'antd';
import { useRouter } from 'next/navigation';
import { useLocale } from '@/components/providers/LocaleProvider';
import { ApiError } from '@/lib/client/api-client';
import { useCreateConnector } from '@/lib/client/queries/use-connectors';

/** Create an open-API connector; keys and the callback are managed on its page. */
export function NewApiConnectorForm() {
  const { t } = useLocale();
  const router = useRouter();
  const { message } = App.useApp();
  const create = useCreateConnector();
  return (
    <Form
      layout="vertical"
      style={{ maxWidth: 560 }}
      onFinish={async ({ name }: { name: string }) => {
        try {
          const created = await create.mutateAsync({ kind: 'api', name });
          void message.success(t('openApi.created'));
          router.push(`/admin/connectors/${created.id}`);
        } catch (error) {
          void message.error(error instanceof ApiError ? error.message : t('openApi.failed'));
        }
      }}
    >
      <Form.Item
        name="name"
        label={t('openApi.name')}
        rules={[{ required: true, whitespace: true, max: 100 }]}
      >
        <Input placeholder="ERP" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {t('openApi.create')}
      </Button>
    </Form>
  );
}
