'use client';

import { ApiOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Space,
  Switch,
  Tag,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import Link from 'next/link';
import { ConnectorHealthTag } from '@/components/admin/ConnectorHealthTag';
import { StreamConnectionDetails } from '@/components/admin/StreamConnectionDetails';
import { useLocale } from '@/components/providers/LocaleProvider';
import { ApiError } from '@/lib/client/api-client';
import {
  type ConnectorDetail,
  useConnector,
  useSetConnectorEnabled,
  useTestConnector,
  useUpdateConnector,
} from '@/lib/client/queries/use-connectors';
import { ConnectorForm } from '../ConnectorForm';
import { YidaConnectorForm } from '../YidaConnectorForm';
import { YidaPushUrls } from '../YidaPushUrls';
import { ApiAccessSection } from './ApiAccessSection';

const time = (v?: string) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '—');

/** One connector: state, callback URL, enable switch, "测试连接", and the edit form. */
export function ConnectorPage({
  initial,
  appUrl,
  defaults,
  yidaDefaults,
}: {
  initial: ConnectorDetail;
  appUrl: string;
  defaults: { apiBase: string; oapiBase: string };
  yidaDefaults: { apiBase: string; oapiBase: string };
}) {
  const { data = initial } = useConnector(initial.id, initial);
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const { t } = useLocale();
  const update = useUpdateConnector(data.id);
  const setEnabled = useSetConnectorEnabled(data.id);
  const testConnection = useTestConnector(data.id);
  const result = testConnection.data;
  const callbackUrl = `${appUrl}${data.callbackPath}`;

  async function toggle(enabled: boolean) {
    try {
      await setEnabled.mutateAsync(enabled);
      void message.success(enabled ? '已启用' : '已停用');
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : '操作失败');
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link href="/admin/connectors">连接器</Link> }, { title: data.name }]} />
      <Row gutter={[token.margin, token.margin]}>
        <Col xs={24} xl={10}>
          <Card
            title={
              <Space>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {data.name}
                </Typography.Title>
                <Tag color={data.enabled ? 'green' : 'default'} data-testid="connector-enabled">
                  {data.enabled ? '已启用' : '已停用'}
                </Tag>
              </Space>
            }
          >
            <Descriptions column={1} size="small">
              <Descriptions.Item label="启用">
                <Switch
                  checked={data.enabled}
                  loading={setEnabled.isPending}
                  onChange={(checked) => void toggle(checked)}
                  aria-label="启用连接器"
                />
              </Descriptions.Item>
              {data.kind === 'dingtalk' && (
                <>
                  <Descriptions.Item label="接收方式">
                    {data.settings?.deliveryMode === 'http' ? 'HTTP 回调' : 'Stream'}
                  </Descriptions.Item>
                  <Descriptions.Item label="回调地址">
                    <Typography.Text copyable={{ text: callbackUrl }} code data-testid="callback-url">
                      {callbackUrl}
                    </Typography.Text>
                  </Descriptions.Item>
                </>
              )}
              <Descriptions.Item label="健康">
                <ConnectorHealthTag connector={data} />
              </Descriptions.Item>
              {data.settings?.deliveryMode === 'stream' && data.enabled && (
                <Descriptions.Item label={t('stream.connection')}>
                  <StreamConnectionDetails health={data.health} />
                </Descriptions.Item>
              )}
              <Descriptions.Item label="最近事件">{time(data.health.lastEventAt)}</Descriptions.Item>
              <Descriptions.Item label="最近对账">{time(data.health.lastReconcileAt)}</Descriptions.Item>
              {data.health.lastError && (
                <Descriptions.Item label="最近错误">
                  <Typography.Text type="danger">{data.health.lastError}</Typography.Text>
                </Descriptions.Item>
              )}
              <Descriptions.Item label="更新时间">{time(data.updatedAt)}</Descriptions.Item>
            </Descriptions>
            {data.kind === 'yida' ? (
              <div style={{ marginTop: token.marginSM, marginBottom: token.marginSM }}>
                <Typography.Title level={5}>{t('yida.pushUrls')}</Typography.Title>
                <YidaPushUrls connector={data} appUrl={appUrl} />
              </div>
            ) : (
              data.kind === 'dingtalk' && (
                <Typography.Paragraph type="secondary" style={{ marginTop: token.marginSM }}>
                  HTTP 回调模式：把回调地址、aes_key 和 token 填到钉钉开发者后台的“事件订阅”。
                </Typography.Paragraph>
              )
            )}
            {data.kind !== 'api' && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Button
                  icon={<ApiOutlined />}
                  loading={testConnection.isPending}
                  onClick={() => testConnection.mutate()}
                >
                  测试连接
                </Button>
                {testConnection.error && (
                  <Alert type="error" showIcon title="测试失败" description={testConnection.error.message} />
                )}
                {result?.ok && (
                  <Alert
                    type="success"
                    showIcon
                    data-testid="test-result"
                    title={
                      data.kind === 'yida'
                        ? `连接成功：已获取 access token 并校验 systemToken（${result.latencyMs} ms）`
                        : `连接成功：已获取 access token（${result.latencyMs} ms）`
                    }
                  />
                )}
                {result && !result.ok && (
                  <Alert
                    type="error"
                    showIcon
                    data-testid="test-result"
                    title={`连接失败：${result.code}`}
                    description={result.message}
                  />
                )}
              </Space>
            )}
            {data.secretsUnreadable && (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: token.marginSM }}
                title="已保存的密钥无法解密（密钥已更换？），请重新填写全部密钥。"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          {data.kind === 'api' ? (
            <ApiAccessSection connectorId={data.id} appUrl={appUrl} />
          ) : (
            <Card title="设置">
              {data.yida ? (
                <YidaConnectorForm
                  key={JSON.stringify([data.name, data.corpId, data.yida, data.secretsSet])}
                  connector={data}
                  defaults={yidaDefaults}
                  submitLabel="保存"
                  onSubmit={async (body) => {
                    await update.mutateAsync(body);
                    testConnection.reset();
                    void message.success('已保存');
                  }}
                />
              ) : data.settings ? (
                <ConnectorForm
                  // Re-initialise after a save, but not when only health (written by the worker) changes.
                  key={JSON.stringify([data.name, data.corpId, data.settings, data.secretsSet])}
                  connector={data}
                  defaults={defaults}
                  submitLabel="保存"
                  onSubmit={async (body) => {
                    await update.mutateAsync(body);
                    testConnection.reset();
                    void message.success('已保存');
                  }}
                />
              ) : (
                <Typography.Text type="secondary">此类连接器不在这里编辑。</Typography.Text>
              )}
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}
