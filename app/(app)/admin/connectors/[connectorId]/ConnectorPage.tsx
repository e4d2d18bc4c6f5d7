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
import { useLocale } from '@/components/providers/LocaleProvider';
import { ApiError } from '@/lib/client/api-client';
import {
  type ConnectorDetail,
  useConnector,
  useSetConnectorEnabled,
  useTestConnector,
  useUpdateConnector,
} from '@/lib/client/queries/use-connectors';
import type { FormDefaults } from '../kinds/kind-ui';
import { kindUi } from '../kinds/kind-ui-map';

const time = (v?: string) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : '—');

/** One connector: state, enable switch, "测试连接", and its kind's parts (callback URL, push URLs, settings, API access). */
export function ConnectorPage({
  initial,
  appUrl,
  defaults,
}: {
  initial: ConnectorDetail;
  appUrl: string;
  defaults: FormDefaults | null;
}) {
  const { data = initial } = useConnector(initial.id, initial);
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const { t } = useLocale();
  const update = useUpdateConnector(data.id);
  const setEnabled = useSetConnectorEnabled(data.id);
  const testConnection = useTestConnector(data.id);
  const result = testConnection.data;
  const { detail } = kindUi(data.kind);
  const items = detail.items?.(data, { appUrl, t }) ?? [];
  const item = (i: (typeof items)[number]) => (
    <Descriptions.Item key={i.key} label={i.label}>
      {i.children}
    </Descriptions.Item>
  );

  async function toggle(enabled: boolean) {
    try {
      await setEnabled.mutateAsync(enabled);
      void message.success(enabled ? '已启用' : '已停用');
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : '操作失败');
    }
  }

  async function save(body: Record<string, unknown>) {
    await update.mutateAsync(body);
    testConnection.reset();
    void message.success('已保存');
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
              {items.filter((i) => !i.afterHealth).map(item)}
              <Descriptions.Item label="健康">
                <ConnectorHealthTag connector={data} />
              </Descriptions.Item>
              {items.filter((i) => i.afterHealth).map(item)}
              <Descriptions.Item label="最近事件">{time(data.health.lastEventAt)}</Descriptions.Item>
              <Descriptions.Item label="最近对账">{time(data.health.lastReconcileAt)}</Descriptions.Item>
              {data.health.lastError && (
                <Descriptions.Item label="最近错误">
                  <Typography.Text type="danger">{data.health.lastError}</Typography.Text>
                </Descriptions.Item>
              )}
              <Descriptions.Item label="更新时间">{time(data.updatedAt)}</Descriptions.Item>
            </Descriptions>
            {detail.Notes && <detail.Notes connector={data} appUrl={appUrl} />}
            {detail.testSuccess && (
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
                    title={detail.testSuccess(result.latencyMs)}
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
          {detail.Side ? (
            <detail.Side connector={data} appUrl={appUrl} defaults={defaults} save={save} />
          ) : (
            <Card title="设置">
              <Typography.Text type="secondary">此类连接器不在这里编辑。</Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}
