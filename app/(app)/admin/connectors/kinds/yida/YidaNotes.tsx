'use client';

import { Typography, theme } from 'antd';
import { useT } from '@/lib/i18n/locale-context';
import type { ConnectorOf } from '../kind-ui';
import { YidaPushUrls } from './YidaPushUrls';

/** The push URLs to paste into Yida's integration center, under the connector's state. */
export function YidaNotes({ connector, appUrl }: { connector: ConnectorOf<'yida'>; appUrl: string }) {
  const { token } = theme.useToken();
  const t = useT('yida');
  return (
    <div style={{ marginTop: token.marginSM, marginBottom: token.marginSM }}>
      <Typography.Title level={5}>{t('pushUrls')}</Typography.Title>
      <YidaPushUrls connector={connector} appUrl={appUrl} />
    </div>
  );
}
