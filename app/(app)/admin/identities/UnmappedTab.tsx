'use client';

import { Badge, Button, Empty, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import {
  type BulkMatchCandidate,
  type BulkMatchField,
  type UnmappedIdentity,
  useBulkMatch,
  useBulkMatchPreview,
  useUnmappedIdentities,
} from '@/lib/client/queries/use-identities';
import { useToast } from '@/lib/client/use-toast';
import type { MessageKey } from '@/lib/i18n/catalog';
import { useT } from '@/lib/i18n/locale-context';
import { ContactCell } from './ContactCell';
import { LinkModal } from './LinkModal';

const FIELDS: BulkMatchField[] = ['mobile', 'email', 'jobNumber', 'name'];

export function UnmappedTab() {
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
    <Space orientation="vertical" style={{ width: '100%' }}>
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
          { key: 'contact', title: t('col.contact'), render: (_, r) => <ContactCell contact={r} /> },
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
