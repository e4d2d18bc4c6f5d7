'use client';

import { SyncOutlined } from '@ant-design/icons';
import {
  Alert,
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
import { useLocale } from '@/components/providers/LocaleProvider';
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
import type { MessageKey } from '@/lib/i18n/messages';

const FIELDS: BulkMatchField[] = ['mobile', 'email', 'jobNumber', 'name'];
const STATUS_COLOR: Record<string, string> = { active: 'green', resigned: 'orange', disabled: 'default' };

/** 身份映射: users and their identities, unmapped identities with waiting tasks, 需交接, directory sync. */
export function IdentitiesPage() {
  const { t } = useLocale();
  const [tab, setTab] = useState('unmapped');
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('admin.identities')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.identities.hint')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'unmapped', label: t('admin.identities.tab.unmapped'), children: <UnmappedTab /> },
          { key: 'users', label: t('admin.identities.tab.users'), children: <UsersTab /> },
          { key: 'handover', label: t('admin.identities.tab.handover'), children: <HandoverTab /> },
          { key: 'sync', label: t('admin.identities.tab.sync'), children: <SyncTab /> },
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
  const { t } = useLocale();
  const { message, modal } = App.useApp();
  const [q, setQ] = useState('');
  const list = useDirectoryUsers(q);
  const unlink = useUnlinkIdentity();
  const confirmUnlink = (identity: DirectoryUserRow['identities'][number]) =>
    modal.confirm({
      title: t('admin.identities.unlink'),
      content: t('admin.identities.unlink.confirm', { name: identity.name ?? identity.externalUserId }),
      onOk: () =>
        unlink.mutateAsync(identity.id).then(
          () => void message.success(t('admin.identities.unlink.done')),
          (error: Error) => void message.error(error.message),
        ),
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        allowClear
        placeholder={t('admin.identities.search')}
        onSearch={(value) => setQ(value.trim())}
        style={{ maxWidth: 420 }}
      />
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<DirectoryUserRow>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'name',
            title: t('admin.identities.col.name'),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{r.name}</Typography.Text>
                {r.username && <Typography.Text type="secondary">{r.username}</Typography.Text>}
              </Space>
            ),
          },
          { key: 'contact', title: t('admin.identities.col.contact'), render: (_, r) => contactOf(r) },
          {
            key: 'status',
            title: t('admin.identities.col.status'),
            render: (_, r) => (
              <Tag color={STATUS_COLOR[r.status]}>
                {t(`admin.identities.status.${r.status}` as MessageKey)}
              </Tag>
            ),
          },
          {
            key: 'manager',
            title: t('admin.identities.col.manager'),
            render: (_, r) => r.managerName ?? '—',
          },
          {
            key: 'identities',
            title: t('admin.identities.col.identities'),
            render: (_, r) =>
              r.identities.length === 0 ? (
                <Typography.Text type="secondary">{t('admin.identities.none')}</Typography.Text>
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
                      title={t('admin.identities.matchedBy', { by: i.matchedBy ?? '—' })}
                    >
                      {i.connectorName} · {i.externalUserId}
                      {!i.active && ` · ${t('admin.identities.inactive')}`}
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
  const { t } = useLocale();
  const { message } = App.useApp();
  const list = useUnmappedIdentities();
  const [linking, setLinking] = useState<UnmappedIdentity | null>(null);
  const [field, setField] = useState<BulkMatchField>('mobile');
  const preview = useBulkMatchPreview();
  const bulk = useBulkMatch();
  const [previewOpen, setPreviewOpen] = useState(false);
  const fieldLabel = (f: BulkMatchField) => t(`admin.identities.field.${f}` as MessageKey);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('admin.identities.bulk.field')}</Typography.Text>
        <Select<BulkMatchField>
          value={field}
          onChange={setField}
          style={{ width: 140 }}
          aria-label={t('admin.identities.bulk.field')}
          options={FIELDS.map((f) => ({ value: f, label: fieldLabel(f) }))}
        />
        <Button
          loading={preview.isPending}
          onClick={() =>
            preview.mutate(field, {
              onSuccess: () => setPreviewOpen(true),
              onError: (error) => void message.error(error.message),
            })
          }
        >
          {t('admin.identities.bulk.preview')}
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<UnmappedIdentity>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'name', title: t('admin.identities.col.name'), render: (_, r) => r.name ?? '—' },
          { key: 'connector', title: t('admin.identities.col.connector'), dataIndex: 'connectorName' },
          {
            key: 'external',
            title: t('admin.identities.col.externalId'),
            render: (_, r) => <Typography.Text code>{r.externalUserId}</Typography.Text>,
          },
          { key: 'contact', title: t('admin.identities.col.contact'), render: (_, r) => contactOf(r) },
          {
            key: 'waiting',
            title: t('admin.identities.col.waiting'),
            render: (_, r) => (
              <Badge count={r.waitingTasks} showZero color={r.waitingTasks ? 'red' : 'gray'} />
            ),
          },
          {
            key: 'actions',
            title: t('admin.identities.col.actions'),
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => setLinking(r)}>
                {t('admin.identities.link')}
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
            void message.success(t('admin.identities.link.done', { n }));
          }}
        />
      )}
      <Modal
        open={previewOpen}
        title={t('admin.identities.bulk.title', { field: fieldLabel(field) })}
        width={760}
        onCancel={() => setPreviewOpen(false)}
        okText={t('admin.identities.bulk.apply', { n: preview.data?.length ?? 0 })}
        okButtonProps={{ disabled: !preview.data?.length, loading: bulk.isPending }}
        onOk={() =>
          bulk.mutate(field, {
            onSuccess: (result) => {
              setPreviewOpen(false);
              void message.success(
                t('admin.identities.bulk.done', { n: result.linked, tasks: result.tasks }),
              );
            },
            onError: (error) => void message.error(error.message),
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
                title: t('admin.identities.col.name'),
                render: (_, r) => `${r.identityName ?? '—'}（${r.externalUserId}）`,
              },
              { key: 'connector', title: t('admin.identities.col.connector'), dataIndex: 'connectorName' },
              { key: 'value', title: t('admin.identities.bulk.value'), dataIndex: 'value' },
              { key: 'user', title: t('admin.identities.bulk.user'), dataIndex: 'userName' },
              { key: 'waiting', title: t('admin.identities.col.waiting'), dataIndex: 'waitingTasks' },
            ]}
          />
        ) : (
          <Empty description={t('admin.identities.bulk.empty')} />
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
  const { t } = useLocale();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [userId, setUserId] = useState<string>();
  const people = useUserSearch(q);
  const link = useLinkIdentity();
  return (
    <Modal
      open
      title={t('admin.identities.link.title', { name: props.identity.name ?? props.identity.externalUserId })}
      onCancel={props.onClose}
      okText={t('admin.identities.link')}
      okButtonProps={{ disabled: !userId, loading: link.isPending }}
      onOk={() =>
        userId &&
        link.mutate(
          { identityId: props.identity.id, userId },
          {
            onSuccess: (result) => props.onLinked(result.tasks),
            onError: (error) => void message.error(error.message),
          },
        )
      }
    >
      <Select
        showSearch
        autoFocus
        style={{ width: '100%' }}
        placeholder={t('admin.identities.link.pick')}
        aria-label={t('admin.identities.link.pick')}
        filterOption={false}
        onSearch={setQ}
        value={userId}
        onChange={setUserId}
        loading={people.isFetching}
        options={(people.data?.items ?? []).map((u) => ({
          value: u.id,
          label: u.department ? `${u.name}（${u.department}）` : u.name,
        }))}
      />
    </Modal>
  );
}

function HandoverTab() {
  const { t } = useLocale();
  const list = useHandoverTasks();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('admin.identities.handover.hint')}</Typography.Text>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table
        rowKey="taskId"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('admin.identities.handover.empty')} /> }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'task',
            title: t('admin.identities.col.task'),
            render: (_, r) => (
              <Space>
                <Tag color="orange">{t('admin.identities.handover.tag')}</Tag>
                {r.title}
              </Space>
            ),
          },
          { key: 'connector', title: t('admin.identities.col.connector'), dataIndex: 'connectorName' },
          {
            key: 'assignee',
            title: t('admin.identities.col.assignee'),
            render: (_, r) => (
              <Space>
                {r.assigneeName ?? r.assigneeExternalId ?? '—'}
                {r.userStatus === 'resigned' && <Tag>{t('admin.identities.status.resigned')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'received',
            title: t('admin.identities.col.received'),
            render: (_, r) => dayjs(r.receivedAt).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
    </Space>
  );
}

function SyncTab() {
  const { t } = useLocale();
  const { message } = App.useApp();
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
      <Typography.Text type="secondary">{t('admin.identities.sync.hint')}</Typography.Text>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table
        rowKey="connectorId"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: <Empty description={t('admin.identities.sync.none')} /> }}
        columns={[
          { key: 'connector', title: t('admin.identities.col.connector'), dataIndex: 'connectorName' },
          {
            key: 'last',
            title: t('admin.identities.sync.last'),
            render: (_, r) =>
              r.lastSync ? (
                <Space>
                  {dayjs(r.lastSync.finishedAt ?? r.lastSync.startedAt).format('YYYY-MM-DD HH:mm:ss')}
                  <Tag
                    color={
                      r.lastSync.status === 'succeeded'
                        ? 'green'
                        : r.lastSync.status === 'failed'
                          ? 'red'
                          : 'processing'
                    }
                  >
                    {t(`admin.identities.sync.${r.lastSync.status}` as MessageKey)}
                  </Tag>
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('admin.identities.sync.never')}</Typography.Text>
              ),
          },
          {
            key: 'result',
            title: t('admin.identities.sync.result'),
            render: (_, r) =>
              r.lastSync?.error ? (
                <Typography.Text style={{ color: token.colorError }}>{r.lastSync.error}</Typography.Text>
              ) : r.lastSync?.status === 'succeeded' ? (
                t('admin.identities.sync.stats', {
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
            title: t('admin.identities.col.actions'),
            render: (_, r) => (
              <Button
                icon={<SyncOutlined spin={isWaiting} />}
                loading={request.isPending}
                onClick={() =>
                  request.mutate(r.connectorId, {
                    onSuccess: () => {
                      setRequestedAt(Date.now());
                      setWaiting(true);
                      void message.success(t('admin.identities.sync.queued'));
                    },
                    onError: (error) => void message.error(error.message),
                  })
                }
              >
                {t('admin.identities.sync.now')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
