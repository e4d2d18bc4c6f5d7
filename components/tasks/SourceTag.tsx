'use client';

import { ApartmentOutlined, ApiOutlined, AppstoreOutlined, DingdingOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';

export type SourceKind = ConnectorKind;

const LOOK: Record<SourceKind, { icon: React.ReactNode; color: string }> = {
  dingtalk: { icon: <DingdingOutlined />, color: 'blue' },
  yida: { icon: <AppstoreOutlined />, color: 'geekblue' },
  local: { icon: <ApartmentOutlined />, color: 'green' },
  api: { icon: <ApiOutlined />, color: 'orange' },
};

/** Where a task comes from (钉钉 / 宜搭 / 本地流程 / 开放接口), with the connector's name on hover. */
export function SourceTag({ source, connectorName }: { source: SourceKind; connectorName?: string }) {
  const t = useT('source');
  const look = LOOK[source];
  const tag = (
    <Tag color={look.color} icon={look.icon} data-source={source}>
      {t(source)}
    </Tag>
  );
  return connectorName ? <Tooltip title={connectorName}>{tag}</Tooltip> : tag;
}
