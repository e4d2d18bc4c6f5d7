import { Typography, theme } from 'antd';
import { StreamConnectionDetails } from '@/components/admin/StreamConnectionDetails';
import { useT } from '@/lib/i18n/locale-context';
import type { KindUi } from '../kind-ui';
import { DingTalkCallbackRegistration } from './DingTalkCallbackRegistration';
import { DingTalkSettingsCard } from './DingTalkSettingsCard';
import { NewDingTalkConnectorForm } from './NewDingTalkConnectorForm';

export const dingtalkUi: KindUi<'dingtalk'> = {
  label: 'connectors:kind.dingtalk',
  receiveMode: (c) =>
    c.settings.deliveryMode === 'http' ? 'connectors:mode.http' : 'connectors:mode.stream',
  hasDetailPage: true,
  create: {
    buttonLabel: 'connectors:new.dingtalk',
    href: '/admin/connectors/new',
    isPrimary: true,
    segmentLabel: 'connectors:kind.dingtalk',
    title: 'connectors:new.dingtalk',
    Form: NewDingTalkConnectorForm,
  },
  detail: {
    items: (c, { appUrl, t }) => {
      const callbackUrl = `${appUrl}${c.callbackPath}`;
      return [
        {
          key: 'mode',
          label: t('col.receiveMode'),
          children: t(c.settings.deliveryMode === 'http' ? 'mode.http' : 'mode.stream'),
        },
        {
          key: 'callback',
          label: t('callbackUrl'),
          children: (
            <Typography.Text copyable={{ text: callbackUrl }} code data-testid="callback-url">
              {callbackUrl}
            </Typography.Text>
          ),
        },
        ...(c.settings.deliveryMode === 'stream' && c.enabled
          ? [
              {
                key: 'stream',
                label: t('stream:connection'),
                children: <StreamConnectionDetails health={c.health} />,
                afterHealth: true,
              },
            ]
          : []),
      ];
    },
    Notes: function DingTalkNotes({ connector }) {
      const { token } = theme.useToken();
      const t = useT('connectors');
      return (
        <>
          <Typography.Paragraph type="secondary" style={{ marginTop: token.marginSM }}>
            {t('dingtalk.notes')}
          </Typography.Paragraph>
          {connector.settings.deliveryMode === 'http' && (
            <DingTalkCallbackRegistration connectorId={connector.id} />
          )}
        </>
      );
    },
    testSuccess: 'connectors:test.dingtalk',
    Side: DingTalkSettingsCard,
  },
  healthPushKey: 'health.httpCallback',
};
