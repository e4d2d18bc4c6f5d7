'use client';

import { Descriptions, Tag, Typography } from 'antd';
import type { YidaPushAction } from '@/lib/connectors/yida/config';
import { useT } from '@/lib/i18n/locale-context';
import type { ConnectorOf } from '../kind-ui';

/** The five push URLs to paste into Yida's integration center, one per action, each with a copy button. */
export function YidaPushUrls({ connector, appUrl }: { connector: ConnectorOf<'yida'>; appUrl: string }) {
  const t = useT('yida');
  if (!connector.pushPaths) return null;
  const enabled = new Set(connector.yida?.enabledActions ?? []);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('pushUrlsHelp')}</Typography.Paragraph>
      <Descriptions
        column={1}
        size="small"
        bordered
        data-testid="yida-push-urls"
        styles={{ label: { whiteSpace: 'nowrap' } }}
      >
        {Object.entries(connector.pushPaths).map(([action, path]) => (
          <Descriptions.Item key={action} label={t(`action.${action as YidaPushAction}`)}>
            <Typography.Text
              copyable={{ text: `${appUrl}${path}` }}
              code
              style={{ wordBreak: 'break-all' }}
              data-testid={`push-url-${action}`}
            >
              {`${appUrl}${path}`}
            </Typography.Text>
            {!enabled.has(action as YidaPushAction) && (
              <Tag style={{ marginInlineStart: 8 }}>{t('actionDisabled')}</Tag>
            )}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </>
  );
}
