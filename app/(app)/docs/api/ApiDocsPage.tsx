'use client';

import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Descriptions, Flex, Space, Table, Tag, Typography, theme } from 'antd';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  default?: unknown;
  examples?: unknown[];
  maxItems?: number;
  maxLength?: number;
};
type Parameter = { name: string; in: string; required: boolean; schema: Schema };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};
type Document = {
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const METHOD_COLOR: Record<string, string> = { get: 'blue', post: 'green', put: 'orange', delete: 'red' };
const refName = (ref: string) => ref.split('/').pop() ?? ref;

function typeOf(s: Schema | undefined): string {
  if (!s) return 'any';
  if (s.$ref) return refName(s.$ref);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  const union = s.anyOf ?? s.oneOf;
  if (union) return union.map(typeOf).join(' | ');
  if (s.type === 'array') return `${typeOf(s.items)}[]`;
  const type = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'object');
  return s.format ? `${type} (${s.format})` : type;
}

/** Text with `code` spans, as the document's descriptions write them. */
function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]+)`/).map((part, i) =>
        i % 2 === 1 ? (
          <Typography.Text code key={`${part}-${String(i)}`}>
            {part}
          </Typography.Text>
        ) : (
          part
        ),
      )}
    </>
  );
}

function bodySchema(content?: Record<string, { schema: Schema }>) {
  return content ? Object.values(content)[0]?.schema : undefined;
}

/** The fields of an object schema as a table; nested objects are named by their component schema. */
function Fields({ schema, schemas }: { schema: Schema; schemas: Record<string, Schema> }) {
  const t = useT('openApi');
  const resolved = schema.$ref ? schemas[refName(schema.$ref)] : schema;
  const variants = resolved?.oneOf ?? resolved?.anyOf;
  if (variants && !resolved?.properties) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {variants.map((v, i) => (
          <Fields key={typeOf(v) + String(i)} schema={v} schemas={schemas} />
        ))}
      </Space>
    );
  }
  if (!resolved?.properties) return <Typography.Text code>{typeOf(schema)}</Typography.Text>;
  const rows = Object.entries(resolved.properties).map(([name, s]) => ({
    name,
    type: typeOf(s),
    required: (resolved.required ?? []).includes(name),
    description: [s.description, s.default !== undefined ? `default ${JSON.stringify(s.default)}` : null]
      .filter(Boolean)
      .join(' · '),
  }));
  return (
    <Table
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={rows}
      columns={[
        {
          title: t('docs.field'),
          dataIndex: 'name',
          render: (v: string) => (
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {v}
            </Typography.Text>
          ),
        },
        { title: t('docs.type'), dataIndex: 'type', width: '30%' },
        {
          title: t('docs.required'),
          dataIndex: 'required',
          width: 72,
          align: 'center',
          render: (v: boolean) => (v ? <Tag color="red">✓</Tag> : null),
        },
        {
          title: t('docs.description'),
          dataIndex: 'description',
          render: (v: string) => <Inline text={v} />,
        },
      ]}
    />
  );
}

function Example({ value }: { value: unknown }) {
  const { token } = theme.useToken();
  return (
    <pre
      style={{
        background: token.colorFillTertiary,
        padding: token.paddingSM,
        borderRadius: token.borderRadius,
        overflowX: 'auto',
        margin: 0,
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function OperationDetail({ op, schemas }: { op: Operation; schemas: Record<string, Schema> }) {
  const t = useT('openApi');
  const request = bodySchema(op.requestBody?.content);
  const requestComponent = request?.$ref ? schemas[refName(request.$ref)] : undefined;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {op.description && (
        <Typography.Paragraph style={{ margin: 0 }}>
          <Inline text={op.description} />
        </Typography.Paragraph>
      )}
      {op.parameters && op.parameters.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('docs.parameters')}</Typography.Title>
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={op.parameters}
            columns={[
              {
                title: t('docs.field'),
                dataIndex: 'name',
                render: (v: string) => (
                  <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                    {v}
                  </Typography.Text>
                ),
              },
              { title: 'in', dataIndex: 'in' },
              { title: t('docs.type'), key: 'type', render: (_, p) => typeOf(p.schema) },
              {
                title: t('docs.required'),
                dataIndex: 'required',
                width: 72,
                align: 'center',
                render: (v: boolean) => (v ? <Tag color="red">✓</Tag> : null),
              },
            ]}
          />
        </div>
      )}
      {request && (
        <div>
          <Typography.Title level={5}>
            {t('docs.requestBody')} <Tag>{typeOf(request)}</Tag>
          </Typography.Title>
          <Fields schema={request} schemas={schemas} />
          {requestComponent?.examples?.[0] !== undefined && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text strong>{t('docs.example')}</Typography.Text>
              <Example value={requestComponent.examples[0]} />
            </div>
          )}
        </div>
      )}
      <div>
        <Typography.Title level={5}>{t('docs.responses')}</Typography.Title>
        <Descriptions column={1} size="small" bordered>
          {Object.entries(op.responses).map(([status, r]) => {
            const schema = bodySchema(r.content);
            return (
              <Descriptions.Item
                key={status}
                label={<Tag color={status.startsWith('2') ? 'green' : 'orange'}>{status}</Tag>}
              >
                <Inline text={r.description} />
                {schema && (
                  <Typography.Text code style={{ marginLeft: 8 }}>
                    {typeOf(schema)}
                  </Typography.Text>
                )}
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      </div>
    </Space>
  );
}

/** An operation's summary in the UI language (the document itself is English, for other systems' tools). */
type Summary = (op: Operation) => string | undefined;

function operationItems(
  paths: Record<string, Record<string, Operation>>,
  schemas: Record<string, Schema>,
  summary: Summary,
) {
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      key: `${method} ${path}`,
      label: (
        <Flex gap={8} align="center" wrap>
          <Tag color={METHOD_COLOR[method] ?? 'default'} style={{ minWidth: 56, textAlign: 'center' }}>
            {method.toUpperCase()}
          </Tag>
          <Typography.Text code>{path}</Typography.Text>
          <Typography.Text type="secondary">{summary(op)}</Typography.Text>
        </Flex>
      ),
      children: <OperationDetail op={op} schemas={schemas} />,
    })),
  );
}

/** The open API reference: base URL and auth, each operation with parameters, bodies and examples, schemas. */
export function ApiDocsPage({ document }: { document: Document }) {
  const t = useT('openApi');
  const schemas = document.components.schemas;
  const summary: Summary = (op) => {
    const key = `docs.op.${op.operationId}` as const;
    const text = op.operationId ? t(key as MessageKey<'openApi'>) : key;
    return text === key ? op.summary : text;
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('docs.title')}
          </Typography.Title>
        }
        extra={
          <Button icon={<DownloadOutlined />} href="/api/open/v1/openapi.json" target="_blank">
            {t('docs.download')}
          </Button>
        }
      >
        <Typography.Paragraph>
          {/* The document's own description is English (it is the published contract); the page speaks the UI's language. */}
          <Inline text={t('docs.intro')} />
        </Typography.Paragraph>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('endpoint')}>
            <Typography.Text code copyable>
              {document.servers[0]?.url}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('docs.auth')}>
            <Typography.Text code>Authorization: Bearer &lt;API key&gt;</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="OpenAPI">
            {document.info.title} · v{document.info.version}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('docs.operations')}>
        <Collapse items={operationItems(document.paths, schemas, summary)} data-testid="api-operations" />
      </Card>
      <Card title={t('docs.webhooks')}>
        <Collapse items={operationItems(document.webhooks, schemas, summary)} />
      </Card>
      <Card title={t('docs.schemas')}>
        <Collapse
          items={Object.entries(schemas).map(([name, schema]) => ({
            key: name,
            label: <Typography.Text code>{name}</Typography.Text>,
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {schema.description && (
                  <Typography.Text type="secondary">{schema.description}</Typography.Text>
                )}
                <Fields schema={schema} schemas={schemas} />
                {schema.examples?.[0] !== undefined && <Example value={schema.examples[0]} />}
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
