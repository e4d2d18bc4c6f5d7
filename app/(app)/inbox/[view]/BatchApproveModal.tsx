'use client';

import {
  CheckCircleFilled,
  CloseCircleFilled,
  LoadingOutlined,
  MinusCircleOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex, Input, Progress, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ActionDialog } from '@/components/tasks/ActionDialog';
import { apiFetch } from '@/lib/client/api-client';
import { queryKeys } from '@/lib/client/query-keys';
import { useT } from '@/lib/i18n/locale-context';
import { REMARK_MAX_LENGTH } from '@/lib/tasks/actions/task-action-input';
import type { InboxRow } from '@/lib/tasks/inbox/list-inbox';

/** `processing`: the write-back was still pending when the modal stopped waiting for it (not a success). */
export type ItemState = {
  status: 'waiting' | 'pending' | 'processing' | 'ok' | 'failed';
  actionId?: string;
  reason?: string;
};
/** `pending`: tasks whose write-back had not ended when the modal closed — neither succeeded nor failed yet. */
export type BatchOutcome = { failed: Record<string, string>; pending: string[]; succeeded: string[] };

const POLL_MS = 1_000;
/** Without any item ending for this long, the modal stops blocking and shows the rest as 处理中. */
const NO_PROGRESS_MS = 60_000;
/** After that, it keeps following them more slowly for as long as it stays open. */
const SLOW_POLL_MS = 5_000;
const isOpen = (s: ItemState) => s.status === 'pending' || s.status === 'processing';

/** What a batch hands back: only confirmed write-backs are successes; open ones are pending, not successes. */
export function batchOutcome(states: Record<string, ItemState>): BatchOutcome {
  const entries = Object.entries(states);
  return {
    failed: Object.fromEntries(
      entries.filter(([, s]) => s.status === 'failed').map(([id, s]) => [id, s.reason ?? '']),
    ),
    pending: entries.filter(([, s]) => isOpen(s)).map(([id]) => id),
    succeeded: entries.filter(([, s]) => s.status === 'ok').map(([id]) => id),
  };
}

/**
 * 批量同意: confirm the list, then agree each task in turn and follow its write-back until the source has it
 * (已同步) or refused it (失败 with the reason). Failures are handed back so they stay selected. A write-back that
 * has not ended is never counted as a success: when no item has ended for NO_PROGRESS_MS the modal can be closed,
 * the rest shows as 处理中 (counted apart), and following goes on while the modal stays open.
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
  // Bumped on close and unmount: a following loop of an earlier run stops.
  const generation = useRef(0);
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  const finished = rows.filter((r) => ['ok', 'failed'].includes(states[r.id]?.status ?? '')).length;
  const failedCount = rows.filter((r) => states[r.id]?.status === 'failed').length;
  const okCount = rows.filter((r) => states[r.id]?.status === 'ok').length;
  const processingCount = rows.filter((r) => {
    const s = states[r.id];
    return s !== undefined && isOpen(s);
  }).length;

  const run = async () => {
    const mine = ++generation.current;
    const following = () => generation.current === mine;
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
    let lastProgress = Date.now();
    let blocking = true;
    while (following() && Object.values(current).some(isOpen)) {
      if (blocking && Date.now() - lastProgress >= NO_PROGRESS_MS) {
        // Stop blocking, not following: what is still open is shown (and handed back) as 处理中.
        blocking = false;
        for (const [taskId, s] of Object.entries(current))
          if (s.status === 'pending') current[taskId] = { ...s, status: 'processing' };
        publish();
        setPhase('finished');
        await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
      }
      await new Promise((resolve) => setTimeout(resolve, blocking ? POLL_MS : SLOW_POLL_MS));
      if (!following()) return;
      const pending = Object.entries(current).filter(([, s]) => isOpen(s));
      const ids = pending
        .map(([, s]) => s.actionId)
        .filter(Boolean)
        .join(',');
      const answer = await apiFetch<{ id: string; writeBackStatus: string; lastError: string | null }[]>(
        `/api/task-actions?ids=${ids}`,
      ).catch(() => []);
      if (!following()) return;
      for (const [taskId, s] of pending) {
        const a = answer.find((x) => x.id === s.actionId);
        if (a?.writeBackStatus === 'confirmed') current[taskId] = { ...s, status: 'ok' };
        if (a?.writeBackStatus === 'failed')
          current[taskId] = { ...s, status: 'failed', reason: a.lastError ?? '' };
        if (current[taskId] !== s) lastProgress = Date.now();
      }
      publish();
    }
    if (!following()) return;
    setPhase('finished');
    await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
  };

  const close = () => {
    const outcome = phase === 'confirm' ? null : batchOutcome(states);
    generation.current += 1;
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
    ) : s && isOpen(s) ? (
      <LoadingOutlined />
    ) : (
      <MinusCircleOutlined style={{ color: '#bfbfbf' }} />
    );

  return (
    <ActionDialog
      title={t('batch.confirmTitle', { n: rows.length })}
      open={open}
      onOk={phase === 'confirm' ? run : undefined}
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
            phase !== 'finished'
              ? 'active'
              : failedCount
                ? 'exception'
                : processingCount
                  ? 'normal'
                  : 'success'
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
                    {t(`batch.${s.status}` as const)}
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
          maxLength={REMARK_MAX_LENGTH}
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
          data-testid="batch-summary"
          type={failedCount ? 'warning' : processingCount ? 'info' : 'success'}
          showIcon
          title={
            processingCount
              ? t('batch.summaryProcessing', {
                  ok: okCount,
                  failed: failedCount,
                  processing: processingCount,
                })
              : t('batch.summary', { ok: okCount, failed: failedCount })
          }
        />
      )}
    </ActionDialog>
  );
}
