'use client';

import { RedoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { ADMIN_PAGE_SIZE, AdminFilterCard, AdminResultsCard } from '@/components/admin/AdminSearchPage';
import { OperationProgress } from '@/components/admin/OperationProgress';
import { useConnectors } from '@/lib/client/queries/use-connectors';
import { type EventRow, useInboundEvents, useStartOperation } from '@/lib/client/queries/use-operations';
import { useT } from '@/lib/i18n/locale-context';
import { EventDrawer } from './EventDrawer';
import { EVENT_STATUS } from './event-status';

type Filter = {
  connectorId?: string;
  type?: string;
  status?: string;
  instanceId?: string;
  range?: [Dayjs, Dayjs] | null;
};

/** The API's filter from the form's values. */
function toParams(f: Filter): Record<string, string | undefined> {
  return {
    connectorId: f.connectorId,
    type: f.type,
    status: f.status,
    instanceId: f.instanceId?.trim() || undefined,
    from: f.range?.[0]?.toISOString(),
    to: f.range?.[1]?.toISOString(),
  };
}

/** 事件日志 + 死信: search every inbound event, inspect one, replay one / the filtered set / all dead letters. */
export function EventsPage({ initialFilter }: { initialFilter: { connectorId?: string; status?: string } }) {
  const t = useT('ops');
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>(initialFilter);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [operationId, setOperationId] = useState<string | null>(null);
  const params = toParams(filter);
  const events = useInboundEvents({ ...params, page, pageSize: ADMIN_PAGE_SIZE });
  const connectors = useConnectors();
  const start = useStartOperation();
  const client = useQueryClient();
  // A finished replay changed the statuses on screen.
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: ['ops', 'events'] }), [client]);
  const refreshEvent = useCallback(
    () => void client.invalidateQueries({ queryKey: ['ops', 'event'] }),
    [client],
  );

  const replay = (body: Record<string, unknown>, what: string) =>
    modal.confirm({
      title: `重放${what}？`,
      content: '事件会重新走一遍处理流程（重新从来源读取实例并写入）。重放是幂等的，可以重复执行。',
      okText: '重放',
      onOk: () =>
        start.mutateAsync({ kind: 'replay', params: body }).then(
          (op) => setOperationId(op.id),
          (error: Error) => void message.error(error.message),
        ),
    });
  const filterParams = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <AdminFilterCard<Filter>
        title={t('events.title')}
        hint={t('events.hint')}
        form={form}
        initialValues={initialFilter}
        onSearch={(v) => {
          setFilter(v);
          setPage(1);
        }}
      >
        <Form.Item name="connectorId">
          <Select
            allowClear
            placeholder="连接器"
            style={{ width: 180 }}
            aria-label="连接器"
            options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="type">
          <Select
            allowClear
            showSearch
            placeholder="事件类型"
            style={{ width: 200 }}
            aria-label="事件类型"
            options={(events.data?.types ?? []).map((x) => ({ value: x, label: x }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 120 }}
            aria-label="状态"
            options={Object.entries(EVENT_STATUS).map(([value, s]) => ({ value, label: s.text }))}
          />
        </Form.Item>
        <Form.Item name="instanceId">
          <Input allowClear placeholder="实例 ID" style={{ width: 200 }} aria-label="实例 ID" />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker showTime />
        </Form.Item>
      </AdminFilterCard>

      {operationId && (
        <Card
          size="small"
          title="重放进度"
          extra={<Button onClick={() => setOperationId(null)}>关闭</Button>}
        >
          <OperationProgress
            operationId={operationId}
            onFinished={() => {
              refresh();
              refreshEvent();
            }}
          />
        </Card>
      )}

      <AdminResultsCard<EventRow>
        query={events}
        page={page}
        onPage={setPage}
        size="middle"
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
        extra={
          <Space wrap>
            <Button
              icon={<RedoOutlined />}
              disabled={!events.data?.total}
              onClick={() => replay({ filter: filterParams }, `筛选出的 ${events.data?.total ?? 0} 条事件`)}
            >
              重放筛选结果
            </Button>
            <Button
              danger
              icon={<RedoOutlined />}
              onClick={() =>
                replay(
                  {
                    filter: {
                      status: 'dead',
                      ...(filter.connectorId ? { connectorId: filter.connectorId } : {}),
                    },
                  },
                  '全部死信',
                )
              }
            >
              重放全部死信
            </Button>
          </Space>
        }
        columns={[
          {
            title: '收到时间',
            dataIndex: 'receivedAt',
            render: (v: string) => dayjs(v).format('MM-DD HH:mm:ss'),
          },
          { title: '连接器', dataIndex: 'connectorName' },
          { title: '类型', dataIndex: 'type' },
          {
            title: '实例 ID',
            dataIndex: 'instanceExternalId',
            render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => <Tag color={EVENT_STATUS[s]?.color}>{EVENT_STATUS[s]?.text ?? s}</Tag>,
          },
          {
            title: '延迟',
            key: 'lag',
            render: (_, r) => (r.processedAt ? `${dayjs(r.processedAt).diff(dayjs(r.receivedAt))} ms` : '—'),
          },
          {
            title: '错误',
            dataIndex: 'lastError',
            ellipsis: true,
            render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : ''),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, r) =>
              r.status !== 'rejected' && (
                <Button
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    replay({ eventIds: [r.id] }, '此事件');
                  }}
                >
                  重放
                </Button>
              ),
          },
        ]}
      />
      <EventDrawer
        eventId={openId}
        onClose={() => setOpenId(null)}
        extra={
          openId && (
            <Button icon={<RedoOutlined />} onClick={() => replay({ eventIds: [openId] }, '此事件')}>
              重放
            </Button>
          )
        }
      />
    </Space>
  );
}
