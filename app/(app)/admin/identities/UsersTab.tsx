'use client';

import { App, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import {
  type DirectoryUserRow,
  useDirectoryUsers,
  useUnlinkIdentity,
} from '@/lib/client/queries/use-identities';
import { useToast } from '@/lib/client/use-toast';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import { ContactCell } from './ContactCell';

const STATUS_COLOR: Record<string, string> = { active: 'green', resigned: 'orange', disabled: 'default' };

export function UsersTab() {
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
    <Space orientation="vertical" style={{ width: '100%' }}>
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
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{r.name}</Typography.Text>
                {r.username && <Typography.Text type="secondary">{r.username}</Typography.Text>}
              </Space>
            ),
          },
          { key: 'contact', title: t('col.contact'), render: (_, r) => <ContactCell contact={r} /> },
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
