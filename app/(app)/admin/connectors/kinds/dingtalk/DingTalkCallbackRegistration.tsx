'use client';

import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Tag, Typography, theme } from 'antd';
import { LoadingError } from '@/components/common/LoadingError';
import {
  type CallbackRegistrationView,
  useChangeDingTalkCallback,
  useDingTalkCallback,
} from '@/lib/client/queries/use-dingtalk-callback';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';

const DONE = {
  register: 'dtCallback.registered',
  update: 'dtCallback.updated',
  delete: 'dtCallback.deleted',
} as const;

/**
 * An HTTP-callback DingTalk connector's registration at DingTalk (call_back/* APIs): what DingTalk has, whether
 * it matches Huiban's URL, tags, token and aes_key, and register / update / delete. The token and aes_key are
 * never shown, only whether they match.
 */
export function DingTalkCallbackRegistration({ connectorId }: { connectorId: string }) {
  const t = useT('connectors');
  const { token } = theme.useToken();
  const { modal } = App.useApp();
  const toast = useToast();
  const view = useDingTalkCallback(connectorId, true);
  const change = useChangeDingTalkCallback(connectorId);

  async function run(action: 'register' | 'update' | 'delete') {
    try {
      await change.mutateAsync(action);
      toast.success(t(DONE[action]));
    } catch (error) {
      toast.error(error);
    }
  }

  const data = view.data;
  return (
    <Card
      size="small"
      title={t('dtCallback.title')}
      style={{ marginTop: token.margin }}
      data-testid="dingtalk-callback-registration"
      extra={
        <Button size="small" onClick={() => void view.refetch()} loading={view.isFetching}>
          {t('dtCallback.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('dtCallback.intro')}</Typography.Paragraph>
      {view.error && !view.isFetching && <LoadingError error={view.error} />}
      {data && <RegistrationState data={data} />}
      {data && (
        <Space wrap style={{ marginTop: token.marginSM }}>
          {data.registered === null ? (
            <Button type="primary" loading={change.isPending} onClick={() => void run('register')}>
              {t('dtCallback.register')}
            </Button>
          ) : (
            <>
              <Button
                type={data.matches ? 'default' : 'primary'}
                loading={change.isPending}
                onClick={() => void run('update')}
              >
                {t('dtCallback.update')}
              </Button>
              <Button
                danger
                disabled={change.isPending}
                onClick={() =>
                  modal.confirm({
                    title: t('dtCallback.deleteConfirm'),
                    okButtonProps: { danger: true },
                    onOk: () => run('delete'),
                  })
                }
              >
                {t('dtCallback.delete')}
              </Button>
            </>
          )}
        </Space>
      )}
    </Card>
  );
}

function RegistrationState({ data }: { data: CallbackRegistrationView }) {
  const t = useT('connectors');
  const { token } = theme.useToken();
  const same = (ok: boolean) => (
    <Tag color={ok ? 'green' : 'red'}>{t(ok ? 'dtCallback.same' : 'dtCallback.notSame')}</Tag>
  );
  const r = data.registered;
  return (
    <>
      {r !== null && (
        <div style={{ marginBottom: token.marginXS }}>
          {data.matches ? (
            <Tag icon={<CheckCircleOutlined />} color="success" data-testid="dingtalk-callback-match">
              {t('dtCallback.matches')}
            </Tag>
          ) : (
            <Tag icon={<WarningOutlined />} color="warning" data-testid="dingtalk-callback-match">
              {t('dtCallback.differs')}
            </Tag>
          )}
        </div>
      )}
      <Descriptions size="small" column={1} bordered data-testid="dingtalk-callback-state">
        <Descriptions.Item label={t('dtCallback.expectedUrl')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {data.expected.url}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('dtCallback.expectedTags')}>
          {data.expected.tags.join(', ')}
        </Descriptions.Item>
        {r === null ? (
          <Descriptions.Item label={t('dtCallback.registeredUrl')}>
            <Typography.Text type="warning">{t('dtCallback.none')}</Typography.Text>
          </Descriptions.Item>
        ) : (
          <>
            <Descriptions.Item label={t('dtCallback.registeredUrl')}>
              <Space wrap>
                <Typography.Text code style={{ wordBreak: 'break-all' }}>
                  {r.url}
                </Typography.Text>
                {same(r.url === data.expected.url)}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('dtCallback.registeredTags')}>
              <Space wrap>
                <span>{r.tags.join(', ')}</span>
                {data.missingTags.length > 0 && (
                  <Tag color="red">{t('dtCallback.missingTags', { tags: data.missingTags.join(', ') })}</Tag>
                )}
                {data.extraTags.length > 0 && (
                  <Tag color="orange">{t('dtCallback.extraTags', { tags: data.extraTags.join(', ') })}</Tag>
                )}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('dtCallback.token')}>{same(r.tokenMatches)}</Descriptions.Item>
            <Descriptions.Item label={t('dtCallback.aesKey')}>{same(r.aesKeyMatches)}</Descriptions.Item>
          </>
        )}
      </Descriptions>
    </>
  );
}
