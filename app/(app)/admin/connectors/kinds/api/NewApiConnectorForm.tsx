'use client';

import { Button, Form, Input } from 'antd';
import { useRouter } from 'next/navigation';
import { useCreateConnector } from '@/lib/client/queries/use-connectors';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

/** Create an open-API connector; keys and the callback are managed on its page. */
export function NewApiConnectorForm() {
  const t = useT('openApi');
  const router = useRouter();
  const toast = useToast();
  const create = useCreateConnector();
  return (
    <Form
      layout="vertical"
      style={{ maxWidth: 560 }}
      onFinish={async ({ name }: { name: string }) => {
        try {
          const created = await create.mutateAsync({ kind: 'api', name });
          toast.success(t('created'));
          router.push(`/admin/connectors/${created.id}`);
        } catch (error) {
          toast.errorOr(t('failed'))(error);
        }
      }}
    >
      <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input placeholder="ERP" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        {t('create')}
      </Button>
    </Form>
  );
}
