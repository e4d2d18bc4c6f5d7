'use client';

import { RedoOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { ADMIN_PAGE_SIZE, AdminFilterCard, AdminResultsCard } from '@/components/admin/AdminSearchPage';
import { OperationProgress } from '@/components/admin/OperationProgress';
import { formatTime } from '@/lib/client/format-time';
import { useConnectors } from '@/lib/client/queries/use-connectors';
import { type EventRow, useInboundEvents, useStartOperation } from '@/lib/client/queries/use-operations';
import { queryKeys } from '@/lib/client/query-keys';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import { EventDrawer } from './EventDrawer';
import { EVENT_STATUS_COLOR, EventStatusTag } from './EventStatusTag';

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
  const tc = useT('common');
  const { modal } = App.useApp();
  const toast = useToast();
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
  const refresh = useCallback(
    () => void client.invalidateQueries({ queryKey: queryKeys.operations.allEvents }),
    [client],
  );
  const refreshEvent = useCallback(
    () => void client.invalidateQueries({ queryKey: queryKeys.operations.allEventDetails }),
    [client],
  );

  const replay = (body: Record<string, unknown>, title: string) =>
    modal.confirm({
      title,
      content: t('events.replayContent'),
      okText: t('events.replay'),
      onOk: () =>
        start.mutateAsync({ kind: 'replay', params: body }).then((op) => setOperationId(op.id), toast.error),
    });
  const filterParams = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
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
            placeholder={tc('connector')}
            style={{ width: 180 }}
            aria-label={tc('connector')}
            options={(connectors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="type">
          <Select
            allowClear
            showSearch
            placeholder={t('events.type')}
            style={{ width: 200 }}
            aria-label={t('events.type')}
            options={(events.data?.types ?? []).map((x) => ({ value: x, label: x }))}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={tc('status')}
            style={{ width: 120 }}
            aria-label={tc('status')}
            options={Object.keys(EVENT_STATUS_COLOR).map((value) => ({
              value,
              label: t(`events.status.${value as keyof typeof EVENT_STATUS_COLOR}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="instanceId">
          <Input
            allowClear
            placeholder={t('events.instanceId')}
            style={{ width: 200 }}
            aria-label={t('events.instanceId')}
          />
        </Form.Item>
        {/* Two date-times side by side are wider than a phone: the picker shrinks to the screen instead. */}
        <Form.Item name="range" style={{ maxWidth: '100%' }}>
          <DatePicker.RangePicker showTime style={{ maxWidth: '100%' }} />
        </Form.Item>
      </AdminFilterCard>

      {operationId && (
        <Card
          size="small"
          title={t('events.progress')}
          extra={<Button onClick={() => setOperationId(null)}>{tc('close')}</Button>}
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
              onClick={() =>
                replay(
                  { filter: filterParams },
                  t('events.replayFilteredConfirm', { n: events.data?.total ?? 0 }),
                )
              }
            >
              {t('events.replayFiltered')}
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
                  t('events.replayDeadConfirm'),
                )
              }
            >
              {t('events.replayDead')}
            </Button>
          </Space>
        }
        columns={[
          {
            title: t('events.col.received'),
            dataIndex: 'receivedAt',
            render: (v: string) => formatTime(v, 'dayTimeSeconds'),
          },
          { title: tc('connector'), dataIndex: 'connectorName' },
          { title: t('events.col.type'), dataIndex: 'type' },
          {
            title: t('events.instanceId'),
            dataIndex: 'instanceExternalId',
            render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
          },
          {
            title: tc('status'),
            dataIndex: 'status',
            render: (s: string) => <EventStatusTag status={s} />,
          },
          {
            title: t('events.col.lag'),
            key: 'lag',
            render: (_, r) =>
              r.processedAt ? `${Date.parse(r.processedAt) - Date.parse(r.receivedAt)} ms` : '—',
          },
          {
            title: t('events.col.error'),
            dataIndex: 'lastError',
            ellipsis: true,
            render: (v: string | null) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : ''),
          },
          {
            title: t('events.col.actions'),
            key: 'actions',
            render: (_, r) =>
              r.status !== 'rejected' && (
                <Button
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    replay({ eventIds: [r.id] }, t('events.replayOneConfirm'));
                  }}
                >
                  {t('events.replay')}
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
            <Button
              icon={<RedoOutlined />}
              onClick={() => replay({ eventIds: [openId] }, t('events.replayOneConfirm'))}
            >
              {t('events.replay')}
            </Button>
          )
        }
      />
    </Space>
  );
}
