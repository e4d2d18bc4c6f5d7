'use client';

import { Breadcrumb, Card, Segmented, Space } from 'antd';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useToast } from '@/lib/client/use-toast';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';
import type { FormDefaults } from '../kinds/kind-ui';
import { creatableKindUis, kindUi } from '../kinds/kind-ui-map';

/** Create a connector of a kind, then continue on its page (callback / push URLs, test connection, API keys). */
export function NewConnectorPage({ kind, defaults }: { kind: ConnectorKind; defaults: FormDefaults | null }) {
  const router = useRouter();
  const toast = useToast();
  const t = useT('connectors');
  const create = kindUi(kind).create;
  const title = create && t(create.title);
  const done = (id: string) => {
    toast.success(t('created'));
    router.push(`/admin/connectors/${id}`);
  };
  const kinds = creatableKindUis();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link href="/admin/connectors">{t('title')}</Link> }, { title }]} />
      <Segmented
        value={kind}
        options={kinds.map((k) => ({ value: k.kind, label: t(k.create.segmentLabel) }))}
        onChange={(value) => {
          const target = kinds.find((k) => k.kind === value);
          if (target) router.replace(target.create.href);
        }}
      />
      <Card title={title}>{create && <create.Form defaults={defaults} done={done} />}</Card>
    </Space>
  );
}
