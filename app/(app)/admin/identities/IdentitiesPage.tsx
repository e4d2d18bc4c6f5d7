'use client';

import { SyncOutlined } from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Card,
  Empty,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { formatTime } from '@/lib/client/format-time';
import {
  type BulkMatchCandidate,
  type BulkMatchField,
  type DirectoryUserRow,
  type UnmappedIdentity,
  useBulkMatch,
  useBulkMatchPreview,
  useDirectorySyncs,
  useDirectoryUsers,
  useHandoverTasks,
  useLinkIdentity,
  useRequestDirectorySync,
  useUnlinkIdentity,
  useUnmappedIdentities,
} from '@/lib/client/queries/use-identities';
import { useUserSearch } from '@/lib/client/queries/use-instance';
import { useToast } from '@/lib/client/use-toast';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';

const FIELDS: BulkMatchField[] = ['mobile', 'email', 'jobNumber', 'name'];
const STATUS_COLOR: Record<string, string> = { active: 'green', resigned: 'orange', disabled: 'default' };

/** 身份映射: users and their identities, unmapped identities with waiting tasks, 需交接, directory sync. */
export function IdentitiesPage() {
  const t = useT('identities');
  const [tab, setTab] = useState('unmapped');
  return (
    <Card>
      <PageHeader title={t('nav')} hint={t('hint')} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'unmapped', label: t('tab.unmapped'), children: <UnmappedTab /> },
          { key: 'users', label: t('tab.users'), children: <UsersTab /> },
          { key: 'handover', label: t('tab.handover'), children: <HandoverTab /> },
          { key: 'sync', label: t('tab.sync'), children: <SyncTab /> },
        ]}
      />
    </Card>
  );
}

function contactOf(r: { mobile: string | null; email: string | null; jobNumber: string | null }) {
  const parts = [r.mobile, r.email, r.jobNumber].filter(Boolean);
  if (parts.length === 0) return '—';
  return (
    <Space direction="vertical" size={0}>
      {parts.map((p) => (
        <Typography.Text key={p} type="secondary">
          {p}
        </Typography.Text>
      ))}
    </Space>
  );
}

function UsersTab() {
  const t = useT('identities');
  const { modal } = App.useApp();
  const toast = useToast();
  const [q, setQ] = useState('');
  const list = useDirectoryUsers(q);
  const unlink = useUnlinkIdentity();
  const confirmUnlink = (identity: DirectoryUserRow['identities'][number]) =>
    modal.confirm({
      title: t('unlink'),
      content: t('unlink.confirm', { name: identity.name ?? identity.externalUserId }),
      onOk: () => unlink.mutateAsync(identity.id).then(() => toast.success(t('unlink.done')), toast.error),
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        allowClear
        placeholder={t('search')}
        onSearch={(value) => setQ(value.trim())}
        style={{ maxWidth: 420 }}
      />
      <LoadingError error={list.error} />
      <Table<DirectoryUserRow>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'name',
            title: t('col.name'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{r.name}</Typography.Text>
                {r.username && <Typography.Text type="secondary">{r.username}</Typography.Text>}
              </Space>
            ),
          },
          { key: 'contact', title: t('col.contact'), render: (_, r) => contactOf(r) },
          {
            key: 'status',
            title: t('col.status'),
            render: (_, r) => (
              <Tag color={STATUS_COLOR[r.status]}>{t(`status.${r.status}` as MessageKey<'identities'>)}</Tag>
            ),
          },
          {
            key: 'manager',
            title: t('col.manager'),
            render: (_, r) => r.managerName ?? '—',
          },
          {
            key: 'identities',
            title: t('col.identities'),
            render: (_, r) =>
              r.identities.length === 0 ? (
                <Typography.Text type="secondary">{t('none')}</Typography.Text>
              ) : (
                <Space size={[4, 4]} wrap style={{ maxWidth: 480 }}>
                  {r.identities.map((i) => (
                    <Tag
                      key={i.id}
                      color={i.active ? 'blue' : 'default'}
                      closable
                      onClose={(e) => {
                        e.preventDefault();
                        confirmUnlink(i);
                      }}
                      title={t('matchedBy', { by: i.matchedBy ?? '—' })}
                    >
                      {i.connectorName} · {i.externalUserId}
                      {!i.active && ` · ${t('inactive')}`}
                    </Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}

function UnmappedTab() {
  const t = useT('identities');
  const toast = useToast();
  const list = useUnmappedIdentities();
  const [linking, setLinking] = useState<UnmappedIdentity | null>(null);
  const [field, setField] = useState<BulkMatchField>('mobile');
  const preview = useBulkMatchPreview();
  const bulk = useBulkMatch();
  const [previewOpen, setPreviewOpen] = useState(false);
  const fieldLabel = (f: BulkMatchField) => t(`field.${f}` as MessageKey<'identities'>);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('bulk.field')}</Typography.Text>
        <Select<BulkMatchField>
          value={field}
          onChange={setField}
          style={{ width: 140 }}
          aria-label={t('bulk.field')}
          options={FIELDS.map((f) => ({ value: f, label: fieldLabel(f) }))}
        />
        <Button
          loading={preview.isPending}
          onClick={() =>
            preview.mutate(field, {
              onSuccess: () => setPreviewOpen(true),
              onError: toast.error,
            })
          }
        >
          {t('bulk.preview')}
        </Button>
      </Space>
      <LoadingError error={list.error} />
      <Table<UnmappedIdentity>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('col.name'), render: (_, r) => r.name ?? '—' },
          { key: 'connector', title: t('col.connector'), dataIndex: 'connectorName' },
          {
            key: 'external',
            title: t('col.externalId'),
            render: (_, r) => <Typography.Text code>{r.externalUserId}</Typography.Text>,
          },
          { key: 'contact', title: t('col.contact'), render: (_, r) => contactOf(r) },
          {
            key: 'waiting',
            title: t('col.waiting'),
            render: (_, r) => (
              <Badge count={r.waitingTasks} showZero color={r.waitingTasks ? 'red' : 'gray'} />
            ),
          },
          {
            key: 'actions',
            title: t('col.actions'),
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => setLinking(r)}>
                {t('link')}
              </Button>
            ),
          },
        ]}
      />
      {linking && (
        <LinkModal
          identity={linking}
          onClose={() => setLinking(null)}
          onLinked={(n) => {
            setLinking(null);
            toast.success(t('link.done', { n }));
          }}
        />
      )}
      <Modal
        open={previewOpen}
        title={t('bulk.title', { field: fieldLabel(field) })}
        width={760}
        onCancel={() => setPreviewOpen(false)}
        okText={t('bulk.apply', { n: preview.data?.length ?? 0 })}
        okButtonProps={{ disabled: !preview.data?.length, loading: bulk.isPending }}
        onOk={() =>
          bulk.mutate(field, {
            onSuccess: (result) => {
              setPreviewOpen(false);
              toast.success(t('bulk.done', { n: result.linked, tasks: result.tasks }));
            },
            onError: toast.error,
          })
        }
      >
        {preview.data?.length ? (
          <Table<BulkMatchCandidate>
            rowKey="identityId"
            size="small"
            dataSource={preview.data}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              {
                key: 'identity',
                title: t('col.name'),
                render: (_, r) =>
                  t('common:withDetail', { name: r.identityName ?? '—', detail: r.externalUserId }),
              },
              { key: 'connector', title: t('col.connector'), dataIndex: 'connectorName' },
              { key: 'value', title: t('bulk.value'), dataIndex: 'value' },
              { key: 'user', title: t('bulk.user'), dataIndex: 'userName' },
              { key: 'waiting', title: t('col.waiting'), dataIndex: 'waitingTasks' },
            ]}
          />
        ) : (
          <Empty description={t('bulk.empty')} />
        )}
      </Modal>
    </Space>
  );
}

function LinkModal(props: {
  identity: UnmappedIdentity;
  onClose: () => void;
  onLinked: (n: number) => void;
}) {
  const t = useT('identities');
  const toast = useToast();
  const [q, setQ] = useState('');
  const [userId, setUserId] = useState<string>();
  const people = useUserSearch(q);
  const link = useLinkIdentity();
  return (
    <Modal
      open
      title={t('link.title', { name: props.identity.name ?? props.identity.externalUserId })}
      onCancel={props.onClose}
      okText={t('link')}
      okButtonProps={{ disabled: !userId, loading: link.isPending }}
      onOk={() =>
        userId &&
        link.mutate(
          { identityId: props.identity.id, userId },
          {
            onSuccess: (result) => props.onLinked(result.tasks),
            onError: toast.error,
          },
        )
      }
    >
      <Select
        showSearch
        autoFocus
        style={{ width: '100%' }}
        placeholder={t('link.pick')}
        aria-label={t('link.pick')}
        filterOption={false}
        onSearch={setQ}
        value={userId}
        onChange={setUserId}
        loading={people.isFetching}
        options={(people.data?.items ?? []).map((u) => ({
          value: u.id,
          label: u.department ? t('common:withDetail', { name: u.name, detail: u.department }) : u.name,
        }))}
      />
    </Modal>
  );
}

function HandoverTab() {
  const t = useT('identities');
  const list = useHandoverTasks();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('handover.hint')}</Typography.Text>
      <LoadingError error={list.error} />
      <Table
        rowKey="taskId"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('handover.empty')} /> }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'task',
            title: t('col.task'),
            render: (_, r) => (
              <Space>
                <Tag color="orange">{t('handover.tag')}</Tag>
                {r.title}
              </Space>
            ),
          },
          { key: 'connector', title: t('col.connector'), dataIndex: 'connectorName' },
          {
            key: 'assignee',
            title: t('col.assignee'),
            render: (_, r) => (
              <Space>
                {r.assigneeName ?? r.assigneeExternalId ?? '—'}
                {r.userStatus === 'resigned' && <Tag>{t('status.resigned')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'received',
            title: t('col.received'),
            render: (_, r) => formatTime(r.receivedAt),
          },
        ]}
      />
    </Space>
  );
}

function SyncTab() {
  const t = useT('identities');
  const toast = useToast();
  const { token } = theme.useToken();
  const [isWaiting, setWaiting] = useState(false);
  const list = useDirectorySyncs(isWaiting);
  const request = useRequestDirectorySync();
  const [requestedAt, setRequestedAt] = useState<number | null>(null);
  const rows = list.data ?? [];
  // Stop polling once every requested sync has a result newer than the click.
  const isSettled =
    requestedAt !== null &&
    rows.every(
      (r) =>
        r.lastSync &&
        r.lastSync.status !== 'running' &&
        dayjs(r.lastSync.startedAt).valueOf() >= requestedAt - 5_000,
    );
  if (isWaiting && isSettled) setWaiting(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('sync.hint')}</Typography.Text>
      <LoadingError error={list.error} />
      <Table
        rowKey="connectorId"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description={t('sync.none')} /> }}
        columns={[
          { key: 'connector', title: t('col.connector'), dataIndex: 'connectorName' },
          {
            key: 'last',
            title: t('sync.last'),
            render: (_, r) =>
              r.lastSync ? (
                <Space>
                  {formatTime(r.lastSync.finishedAt ?? r.lastSync.startedAt, 'dateTimeSeconds')}
                  <Tag
                    color={
                      r.lastSync.status === 'succeeded'
                        ? 'green'
                        : r.lastSync.status === 'failed'
                          ? 'red'
                          : 'processing'
                    }
                  >
                    {t(`sync.${r.lastSync.status}` as MessageKey<'identities'>)}
                  </Tag>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('sync.never')}</Typography.Text>
              ),
          },
          {
            key: 'result',
            title: t('sync.result'),
            render: (_, r) =>
              r.lastSync?.error ? (
                <Typography.Text style={{ color: token.colorError }}>{r.lastSync.error}</Typography.Text>
              ) : r.lastSync?.status === 'succeeded' ? (
                t('sync.stats', {
                  people: r.lastSync.stats.people ?? 0,
                  created: r.lastSync.stats.created ?? 0,
                  linked: r.lastSync.stats.linked ?? 0,
                  left: r.lastSync.stats.left ?? 0,
                  managersSet: r.lastSync.stats.managersSet ?? 0,
                })
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            title: t('col.actions'),
            render: (_, r) => (
              <Button
                icon={<SyncOutlined spin={isWaiting} />}
                loading={request.isPending}
                onClick={() =>
                  request.mutate(r.connectorId, {
                    onSuccess: () => {
                      setRequestedAt(Date.now());
                      setWaiting(true);
                      toast.success(t('sync.queued'));
                    },
                    onError: toast.error,
                  })
                }
              >
                {t('sync.now')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
