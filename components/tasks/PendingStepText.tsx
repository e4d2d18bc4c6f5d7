'use client';

import { Tag, Typography } from 'antd';
import { useT } from '@/lib/i18n/locale-context';
import type { PendingStep } from '@/lib/tasks/inbox/pending-step';

/**
 * Who holds a running request: "部门审批 · 等待 王敏、李四 审批 · 会签 1/2". One rendering for the timeline, the
 * instance header and the list column, so every place says it the same way. `withNode: false` leaves the node
 * name out where a column already shows it.
 */
export function PendingStepText({ step, withNode = true }: { step: PendingStep; withNode?: boolean }) {
  const t = useT('instance');
  const names = step.approvers.map((a) => a.name).join(t('names.separator'));
  const progress =
    step.mode === 'and'
      ? t('pending.and', { done: step.done, total: step.total })
      : step.mode === 'or'
        ? t('pending.or')
        : step.mode === null && step.total > 1
          ? t('pending.progress', { done: step.done, total: step.total })
          : null;
  return (
    <span data-testid="pending-step">
      {withNode && step.nodeName && <Typography.Text type="secondary">{step.nodeName} · </Typography.Text>}
      <Typography.Text>{names ? t('pending.waiting', { names }) : t('pending.nobody')}</Typography.Text>
      {progress && (
        <Tag variant="filled" color="processing" style={{ marginInlineStart: 6 }}>
          {progress}
        </Tag>
      )}
    </span>
  );
}
