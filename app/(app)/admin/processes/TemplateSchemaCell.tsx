'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Tag, Typography } from 'antd';
import { apiFetch } from '@/lib/client/api-client';
import { formatTime } from '@/lib/client/format-time';
import { queryKeys } from '@/lib/client/query-keys';
import { useToast } from '@/lib/client/use-toast';
import { useT } from '@/lib/i18n/locale-context';
import type { ProcessSettingRow } from '@/lib/operations/process-settings';

type Ref = { connectorId: string; processCode: string };

/** Check a template now, or acknowledge its change; the list refreshes after either. */
function useTemplateSchemaCall(path: 'check' | 'acknowledge') {
  const t = useT('admin');
  const toast = useToast();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ref: Ref) =>
      apiFetch<{ stale: boolean }>(`/api/admin/processes/template-schema/${path}`, {
        method: 'POST',
        json: ref,
      }),
    onSuccess: (state) => {
      toast.success(
        path === 'acknowledge'
          ? t('processes.template.acknowledged')
          : state.stale
            ? t('processes.template.changedNow')
            : t('processes.template.unchangedNow'),
      );
      return client.invalidateQueries({ queryKey: queryKeys.processes });
    },
    onError: toast.error,
  });
}

/**
 * A DingTalk process's template schema: unchanged (with "check now"), or changed at DingTalk since it was
 * accepted: what changed (added / removed / renamed / retyped components) and the admin's acknowledgement.
 */
export function TemplateSchemaCell({ row }: { row: ProcessSettingRow }) {
  const t = useT('admin');
  const check = useTemplateSchemaCall('check');
  const acknowledge = useTemplateSchemaCall('acknowledge');
  if (!row.templateTracked) return <Typography.Text type="secondary">—</Typography.Text>;
  const ref = { connectorId: row.connectorId, processCode: row.processCode };
  const change = row.templateChange;
  if (!change)
    return (
      <Flex gap={8} align="center" wrap>
        <Tag>{t('processes.template.unchanged')}</Tag>
        <Button size="small" type="link" loading={check.isPending} onClick={() => check.mutate(ref)}>
          {t('processes.template.check')}
        </Button>
      </Flex>
    );
  const c = change.changes;
  const lines = [
    ...(c?.added ?? []).map((f) => t('processes.template.added', { label: f.label })),
    ...(c?.removed ?? []).map((f) => t('processes.template.removed', { label: f.label })),
    ...(c?.renamed ?? []).map((f) => t('processes.template.renamed', { from: f.from, to: f.to })),
    ...(c?.retyped ?? []).map((f) =>
      t('processes.template.retyped', { label: f.label, from: f.from, to: f.to }),
    ),
  ];
  return (
    <Flex vertical gap={4} style={{ maxWidth: 320 }} data-testid="template-change">
      <Flex gap={8} align="center" wrap>
        <Tag color="warning">{t('processes.template.changed')}</Tag>
        <Typography.Text type="secondary">{formatTime(change.staleSince)}</Typography.Text>
      </Flex>
      {lines.map((line) => (
        <Typography.Text key={line} data-user-content style={{ whiteSpace: 'normal' }}>
          {line}
        </Typography.Text>
      ))}
      <Button size="small" loading={acknowledge.isPending} onClick={() => acknowledge.mutate(ref)}>
        {t('processes.template.acknowledge')}
      </Button>
    </Flex>
  );
}
