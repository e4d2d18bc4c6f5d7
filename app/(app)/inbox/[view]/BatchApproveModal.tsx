'use client';

import {
  CheckCircleFilled,
  CloseCircleFilled,
  LoadingOutlined,
  MinusCircleOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Input, Modal, Progress, Typography } from 'antd';
import { useState } from 'react';
import { apiFetch } from '@/lib/client/api-client';
import { queryKeys } from '@/lib/client/query-keys';
import { useT } from '@/lib/i18n/locale-context';
import type { InboxRow } from '@/lib/tasks/inbox/list-inbox';

type ItemState = { status: 'waiting' | 'pending' | 'ok' | 'failed'; actionId?: string; reason?: string };
export type BatchOutcome = { failed: Record<string, string>; succeeded: string[] };

const POLL_MS = 1_000;
const GIVE_UP_MS = 60_000;

/**
 * 批量同意: confirm the list, then agree each task in turn and follow its write-back until the source has it
 * (已同步) or refused it (失败 with the reason). Failures are handed back so they stay selected.
 */
export function BatchApproveModal({
  rows,
  open,
  onClose,
}: {
  rows: InboxRow[];
  open: boolean;
  onClose(outcome: BatchOutcome | null): void;
}) {
  const t = useT('inbox');
  const client = useQueryClient();
  const [remark, setRemark] = useState('');
  const [states, setStates] = useState<Record<string, ItemState>>({});
  const [phase, setPhase] = useState<'confirm' | 'running' | 'finished'>('confirm');

  const finished = rows.filter((r) => ['ok', 'failed'].includes(states[r.id]?.status ?? '')).length;
  const failedCount = rows.filter((r) => states[r.id]?.status === 'failed').length;

  const run = async () => {
    setPhase('running');
    const current: Record<string, ItemState> = Object.fromEntries(
      rows.map((r) => [r.id, { status: 'waiting' }]),
    );
    const publish = () => setStates({ ...current });
    publish();
    for (const row of rows) {
      try {
        const { actionId } = await apiFetch<{ actionId: string }>(`/api/tasks/${row.id}/actions`, {
          method: 'POST',
          json: { action: 'agree', batch: true, ...(remark.trim() ? { remark: remark.trim() } : {}) },
        });
        current[row.id] = { status: 'pending', actionId };
      } catch (error) {
        current[row.id] = { status: 'failed', reason: (error as Error).message };
      }
      publish();
    }
    const started = Date.now();
    while (Object.values(current).some((s) => s.status === 'pending') && Date.now() - started < GIVE_UP_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const pending = Object.entries(current).filter(([, s]) => s.status === 'pending');
      const ids = pending
        .map(([, s]) => s.actionId)
        .filter(Boolean)
        .join(',');
      const answer = await apiFetch<{ id: string; writeBackStatus: string; lastError: string | null }[]>(
        `/api/task-actions?ids=${ids}`,
      ).catch(() => []);
      for (const [taskId, s] of pending) {
        const a = answer.find((x) => x.id === s.actionId);
        if (a?.writeBackStatus === 'confirmed') current[taskId] = { ...s, status: 'ok' };
        if (a?.writeBackStatus === 'failed')
          current[taskId] = { ...s, status: 'failed', reason: a.lastError ?? '' };
      }
      publish();
    }
    setPhase('finished');
    await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
  };

  const close = () => {
    const outcome: BatchOutcome | null =
      phase === 'confirm'
        ? null
        : {
            failed: Object.fromEntries(
              Object.entries(states)
                .filter(([, s]) => s.status === 'failed')
                .map(([id, s]) => [id, s.reason ?? '']),
            ),
            succeeded: Object.entries(states)
              .filter(([, s]) => s.status === 'ok' || s.status === 'pending')
              .map(([id]) => id),
          };
    setPhase('confirm');
    setStates({});
    setRemark('');
    onClose(outcome);
  };

  const icon = (s?: ItemState) =>
    s?.status === 'ok' ? (
      <CheckCircleFilled style={{ color: '#52c41a' }} />
    ) : s?.status === 'failed' ? (
      <CloseCircleFilled style={{ color: '#ff4d4f' }} />
    ) : s?.status === 'pending' ? (
      <LoadingOutlined />
    ) : (
      <MinusCircleOutlined style={{ color: '#bfbfbf' }} />
    );

  return (
    <Modal
      title={t('batch.confirmTitle', { n: rows.length })}
      open={open}
      onCancel={phase === 'running' ? undefined : close}
      closable={phase !== 'running'}
      mask={{ closable: false }}
      footer={
        phase === 'confirm' ? (
          <Flex justify="end" gap={8}>
            <Button onClick={close}>{t('batch.close')}</Button>
            <Button type="primary" onClick={run}>
              {t('batch.start')}
            </Button>
          </Flex>
        ) : (
          <Button type="primary" disabled={phase === 'running'} onClick={close}>
            {t('batch.close')}
          </Button>
        )
      }
    >
      {phase === 'confirm' ? (
        <Typography.Paragraph>{t('batch.confirmHint')}</Typography.Paragraph>
      ) : (
        <Progress
          percent={Math.round((finished / Math.max(rows.length, 1)) * 100)}
          status={
            phase === 'finished' && failedCount ? 'exception' : phase === 'finished' ? 'success' : 'active'
          }
          format={() => `${finished}/${rows.length}`}
        />
      )}
      <Flex vertical data-testid="batch-items" style={{ maxHeight: 320, overflow: 'auto', margin: '8px 0' }}>
        {rows.map((row) => {
          const s = states[row.id];
          return (
            <Flex
              key={row.id}
              vertical
              data-status={s?.status ?? 'waiting'}
              style={{ padding: '6px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }}
            >
              <Flex gap={8} align="center">
                {phase !== 'confirm' && icon(s)}
                <Typography.Text>{row.title}</Typography.Text>
                {s && phase !== 'confirm' && (
                  <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>
                    {t(`batch.${s.status}` as 'batch.ok')}
                  </Typography.Text>
                )}
              </Flex>
              {s?.reason && <Typography.Text type="danger">{s.reason}</Typography.Text>}
            </Flex>
          );
        })}
      </Flex>
      {phase === 'confirm' && (
        <Input.TextArea
          rows={2}
          maxLength={1000}
          placeholder={t('batch.remark')}
          value={remark}
          onChange={(e) => setRemark(e.target.value)}
        />
      )}
      {phase === 'running' && (
        <Typography.Text>{t('batch.progress', { done: finished, total: rows.length })}</Typography.Text>
      )}
      {phase === 'finished' && (
        <Alert
          type={failedCount ? 'warning' : 'success'}
          showIcon
          title={t('batch.summary', { ok: rows.length - failedCount, failed: failedCount })}
        />
      )}
    </Modal>
  );
}
