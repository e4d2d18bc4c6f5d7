'use client';

import { ApiOutlined } from '@ant-design/icons';
import {
  Alert,
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
import Link from 'next/link';
import { CannotReconcileAlert } from '@/components/admin/CannotReconcileAlert';
import { ConnectorHealthTag } from '@/components/admin/ConnectorHealthTag';
import { formatTime } from '@/lib/client/format-time';
import {
  type ConnectorDetail,
  useConnector,
  useSetConnectorEnabled,
  useTestConnector,
  useUpdateConnector,
} from '@/lib/client/queries/use-connectors';
import { useSyncHealth } from '@/lib/client/queries/use-operations';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { FormDefaults } from '../kinds/kind-ui';
import { kindUi } from '../kinds/kind-ui-map';

const time = (v?: string) => formatTime(v, 'dateTimeSeconds');

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
  const toast = useToast();
  const { token } = theme.useToken();
  const t = useT('connectors');
  const update = useUpdateConnector(data.id);
  const setEnabled = useSetConnectorEnabled(data.id);
  const testConnection = useTestConnector(data.id);
  const syncHealth = useSyncHealth();
  const cannotReconcile = syncHealth.data?.some((c) => c.id === data.id && c.enabled && !c.canReconcile);
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
      toast.success(enabled ? t('enabled') : t('disabled'));
    } catch (error) {
      toast.error(error);
    }
  }

  // A save may change what "测试连接" tests, so its earlier result goes when the save starts — never after the save
  // answers, which would also wipe a test clicked while the save was in flight.
  async function save(body: Record<string, unknown>) {
    testConnection.reset();
    await update.mutateAsync(body);
    toast.success(t('saved'));
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb
        items={[{ title: <Link href="/admin/connectors">{t('title')}</Link> }, { title: data.name }]}
      />
      <Row gutter={[token.margin, token.margin]}>
        <Col xs={24} xl={10}>
          <Card
            title={
              <Space>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {data.name}
                </Typography.Title>
                <Tag color={data.enabled ? 'green' : 'default'} data-testid="connector-enabled">
                  {data.enabled ? t('enabled') : t('disabled')}
                </Tag>
              </Space>
            }
          >
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('enable')}>
                <Switch
                  checked={data.enabled}
                  loading={setEnabled.isPending}
                  onChange={(checked) => void toggle(checked)}
                  aria-label={t('enableAria')}
                />
              </Descriptions.Item>
              {items.filter((i) => !i.afterHealth).map(item)}
              <Descriptions.Item label={t('health')}>
                <ConnectorHealthTag connector={data} />
              </Descriptions.Item>
              {items.filter((i) => i.afterHealth).map(item)}
              <Descriptions.Item label={t('lastEvent')}>
                <span data-testid="connector-last-event">{time(data.health.lastEventAt)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('lastReconcile')}>
                {time(data.health.lastReconcileAt)}
              </Descriptions.Item>
              {data.health.lastError && (
                <Descriptions.Item label={t('lastError')}>
                  <Typography.Text type="danger">{data.health.lastError}</Typography.Text>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('updatedAt')}>{time(data.updatedAt)}</Descriptions.Item>
            </Descriptions>
            {cannotReconcile && <CannotReconcileAlert connector={data} />}
            {detail.Notes && <detail.Notes connector={data} appUrl={appUrl} />}
            {detail.testSuccess && (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Button
                  icon={<ApiOutlined />}
                  loading={testConnection.isPending}
                  onClick={() => testConnection.mutate()}
                >
                  {t('test')}
                </Button>
                {testConnection.error && (
                  <Alert
                    type="error"
                    showIcon
                    title={t('testFailed')}
                    description={testConnection.error.message}
                  />
                )}
                {result?.ok && (
                  <Alert
                    type="success"
                    showIcon
                    data-testid="test-result"
                    title={t(detail.testSuccess, { ms: result.latencyMs })}
                  />
                )}
                {result && !result.ok && (
                  <Alert
                    type="error"
                    showIcon
                    data-testid="test-result"
                    title={t('testConnectFailed', { code: result.code })}
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
                title={t('secretsUnreadable')}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          {detail.Side ? (
            <detail.Side connector={data} appUrl={appUrl} defaults={defaults} save={save} />
          ) : (
            <Card title={t('settings')}>
              <Typography.Text type="secondary">{t('notEditable')}</Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}
