'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Select, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { LoadingError } from '@/components/common/LoadingError';
import { PageHeader } from '@/components/common/PageHeader';
import { useProcessLabel } from '@/components/tasks/process-label';
import { type SourceKind, SourceTag } from '@/components/tasks/SourceTag';
import { apiFetch } from '@/lib/client/api-client';
import { formatTime } from '@/lib/client/format-time';
import { queryKeys } from '@/lib/client/query-keys';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { ProcessSettingInput, ProcessSettingRow } from '@/lib/operations/process-settings';
import { SlaDialog, slaSummary } from './SlaDialog';
import { TemplateSchemaCell } from './TemplateSchemaCell';

/** 流程设置: every process seen from every source, and whether it may be batch-approved. */
export function ProcessesPage() {
  const t = useT('admin');
  const tSla = useT('sla');
  const processLabel = useProcessLabel();
  const label = (r: ProcessSettingRow) => processLabel(r.processName, r.source as SourceKind);
  const toast = useToast();
  const [slaRow, setSlaRow] = useState<ProcessSettingRow | null>(null);
  const client = useQueryClient();
  const list = useQuery({
    queryKey: queryKeys.processes,
    queryFn: () => apiFetch<ProcessSettingRow[]>('/api/admin/processes'),
  });
  const save = useMutation({
    mutationFn: (input: ProcessSettingInput) =>
      apiFetch('/api/admin/processes', { method: 'PUT', json: input }),
    onSuccess: () => {
      toast.success(t('processes.saved'));
      return client.invalidateQueries({ queryKey: queryKeys.processes });
    },
    onError: toast.error,
  });

  return (
    <Card>
      {slaRow && (
        <SlaDialog
          row={slaRow}
          saving={save.isPending}
          onCancel={() => setSlaRow(null)}
          onSave={(sla) =>
            save.mutate(
              { connectorId: slaRow.connectorId, processCode: slaRow.processCode, sla },
              {
                onSuccess: () => {
                  toast.success(tSla('sla.saved'));
                  setSlaRow(null);
                },
              },
            )
          }
        />
      )}
      <PageHeader title={t('processes')} hint={t('processes.hint')} />
      <Typography.Paragraph type="secondary">{t('processes.mappingHint')}</Typography.Paragraph>
      <LoadingError error={list.error} />
      <Table<ProcessSettingRow>
        rowKey={(r) => `${r.connectorId}:${r.processCode}`}
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'name',
            title: t('inbox:col.process'),
            fixed: 'left',
            width: 200,
            // The code only on hover: an unnamed process reads as one, not as `TPROC--…`.
            render: (_, r) => (
              <span data-user-content={r.processName ? true : undefined} title={r.processCode}>
                {label(r)}
              </span>
            ),
          },
          {
            key: 'source',
            title: t('inbox:col.source'),
            render: (_, r) => <SourceTag source={r.source as SourceKind} connectorName={r.connectorName} />,
          },
          {
            key: 'template',
            title: t('processes.template'),
            render: (_, r) => <TemplateSchemaCell row={r} />,
          },
          {
            key: 'included',
            title: t('processes.included'),
            render: (_, r) => (
              <Switch
                checked={r.included}
                aria-label={`${t('processes.included')} ${label(r)}`}
                onChange={(checked) =>
                  save.mutate({ connectorId: r.connectorId, processCode: r.processCode, included: checked })
                }
              />
            ),
          },
          {
            key: 'sla',
            title: tSla('sla'),
            render: (_, r) => (
              <Button
                size="small"
                aria-label={`${tSla('sla.edit')} ${label(r)}`}
                onClick={() => setSlaRow(r)}
              >
                {slaSummary(r.sla, tSla)}
              </Button>
            ),
          },
          {
            key: 'batch',
            title: t('processes.batch'),
            render: (_, r) => (
              <Switch
                checked={r.batchApprovable}
                aria-label={`${t('processes.batch')} ${label(r)}`}
                onChange={(checked) =>
                  save.mutate({
                    connectorId: r.connectorId,
                    processCode: r.processCode,
                    batchApprovable: checked,
                  })
                }
              />
            ),
          },
          {
            key: 'summary',
            title: t('processes.summary'),
            render: (_, r) => (
              <Select
                mode="multiple"
                allowClear
                value={r.summaryFields}
                placeholder={t('processes.summary.placeholder')}
                aria-label={`${t('processes.summary')} ${label(r)}`}
                style={{ minWidth: 220 }}
                options={[...new Set([...r.summaryFields, ...r.formFields])].map((f) => ({
                  value: f,
                  label: f,
                }))}
                onChange={(fields: string[]) =>
                  save.mutate({
                    connectorId: r.connectorId,
                    processCode: r.processCode,
                    summaryFields: fields,
                  })
                }
              />
            ),
          },
          {
            key: 'displayName',
            title: t('processes.displayName'),
            render: (_, r) => (
              <Input
                key={`${r.connectorId}:${r.processCode}:${r.displayName ?? ''}`}
                defaultValue={r.displayName ?? ''}
                placeholder={label(r)}
                aria-label={`${t('processes.displayName')} ${label(r)}`}
                style={{ width: 160 }}
                onBlur={(e) => {
                  const value = e.target.value.trim();
                  if (value !== (r.displayName ?? ''))
                    save.mutate({
                      connectorId: r.connectorId,
                      processCode: r.processCode,
                      displayName: value,
                    });
                }}
              />
            ),
          },
          {
            key: 'category',
            title: t('processes.category'),
            render: (_, r) => (
              <Input
                key={`${r.connectorId}:${r.processCode}:${r.category ?? ''}`}
                defaultValue={r.category ?? ''}
                aria-label={`${t('processes.category')} ${label(r)}`}
                style={{ width: 110 }}
                onBlur={(e) => {
                  const value = e.target.value.trim();
                  if (value !== (r.category ?? ''))
                    save.mutate({ connectorId: r.connectorId, processCode: r.processCode, category: value });
                }}
              />
            ),
          },
          { key: 'n', title: t('processes.instances'), dataIndex: 'instances' },
          {
            key: 'last',
            title: t('processes.lastSeen'),
            render: (_, r) => (r.lastSeenAt ? formatTime(r.lastSeenAt) : '—'),
          },
          {
            key: 'code',
            title: t('processes.code'),
            render: (_, r) => <Typography.Text code>{r.processCode}</Typography.Text>,
          },
        ]}
      />
    </Card>
  );
}
