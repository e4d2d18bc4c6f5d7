'use client';

import { App, Breadcrumb, Card, Segmented, Space } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale } from '@/components/providers/LocaleProvider';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import type { FormDefaults } from '../kinds/kind-ui';
import { creatableKindUis, kindUi } from '../kinds/kind-ui-map';

/** Create a connector of a kind, then continue on its page (callback / push URLs, test connection, API keys). */
export function NewConnectorPage({ kind, defaults }: { kind: ConnectorKind; defaults: FormDefaults | null }) {
  const router = useRouter();
  const { message } = App.useApp();
  const { t } = useLocale();
  const create = kindUi(kind).create;
  const title = create?.title(t);
  const done = (id: string) => {
    void message.success('连接器已创建');
    router.push(`/admin/connectors/${id}`);
  };
  const kinds = creatableKindUis();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link href="/admin/connectors">连接器</Link> }, { title }]} />
      <Segmented
        value={kind}
        options={kinds.map((k) => ({ value: k.kind, label: k.create.segmentLabel(t) }))}
        onChange={(value) => {
          const target = kinds.find((k) => k.kind === value);
          if (target) router.replace(target.create.href);
        }}
      />
      <Card title={title}>{create && <create.Form defaults={defaults} done={done} />}</Card>
    </Space>
  );
}
