import { Typography, theme } from 'antd';
import { StreamConnectionDetails } from '@/components/admin/StreamConnectionDetails';
import type { KindUi } from '../kind-ui';
import { DingTalkSettingsCard } from './DingTalkSettingsCard';
import { NewDingTalkConnectorForm } from './NewDingTalkConnectorForm';

export const dingtalkUi: KindUi<'dingtalk'> = {
  label: '钉钉',
  receiveMode: (c) => (c.settings.deliveryMode === 'http' ? 'HTTP 回调' : 'Stream'),
  hasDetailPage: true,
  create: {
    buttonLabel: '新建钉钉连接器',
    href: '/admin/connectors/new',
    isPrimary: true,
    segmentLabel: (t) => t('openApi.kind.dingtalk'),
    title: () => '新建钉钉连接器',
    Form: NewDingTalkConnectorForm,
  },
  detail: {
    items: (c, { appUrl, t }) => {
      const callbackUrl = `${appUrl}${c.callbackPath}`;
      return [
        {
          key: 'mode',
          label: '接收方式',
          children: c.settings.deliveryMode === 'http' ? 'HTTP 回调' : 'Stream',
        },
        {
          key: 'callback',
          label: '回调地址',
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
                label: t('stream.connection'),
                children: <StreamConnectionDetails health={c.health} />,
                afterHealth: true,
              },
            ]
          : []),
      ];
    },
    Notes: function DingTalkNotes() {
      const { token } = theme.useToken();
      return (
        <Typography.Paragraph type="secondary" style={{ marginTop: token.marginSM }}>
          HTTP 回调模式：把回调地址、aes_key 和 token 填到钉钉开发者后台的“事件订阅”。
        </Typography.Paragraph>
      );
    },
    testSuccess: (ms) => `连接成功：已获取 access token（${ms} ms）`,
    Side: DingTalkSettingsCard,
  },
  healthPushKey: 'health.httpCallback',
};
