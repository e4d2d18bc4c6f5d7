'use client';

import { Timeline, Typography } from 'antd';
import { formatTime } from '@/lib/client/format-time';
import { useT } from '@/lib/i18n/locale-context';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { shownNodeName } from '@/lib/tasks/log-node-name';
import { AttachmentList } from './AttachmentList';
import { PendingStepText } from './PendingStepText';

/** Log actions and their dot colour; the labels are `instance:log.<action>`. */
const ACTION_COLOR = {
  start: 'blue',
  agree: 'green',
  refuse: 'red',
  redirect: 'purple',
  comment: 'gray',
  terminate: 'gray',
  finish: 'green',
  cc: 'gray',
  return: 'orange',
  append: 'blue',
  // 退回 / 再次提交 / 撤回 (local workflows, and DingTalk's premium 退回).
  revert: 'orange',
  resubmit: 'blue',
  withdraw: 'orange',
  // Local workflows (Huiban's own engine).
  cancel: 'gray',
  dingtalk: 'blue',
  automation: 'cyan',
  error: 'red',
  notice: 'gray',
  // Reconciliation found the instance gone at its source.
  source_deleted: 'red',
  // Huiban's SLA escalations (docs/sla.md): the targets are who was told, or whom the task went to.
  sla_remind: 'orange',
  sla_overdue: 'red',
  sla_transfer: 'red',
  sla_agree: 'red',
  sla_refuse: 'red',
  // 催办 (docs/reminders.md): the originator (or an admin) urged the approvers named in the targets.
  urge: 'orange',
} as const;

const NOT_NOTIFIED_REASONS = ['no_dingtalk_account', 'no_agent_id', 'no_manager'] as const;

function isKnownAction(action: string): action is keyof typeof ACTION_COLOR {
  return action in ACTION_COLOR;
}

/**
 * The process log as a timeline: actor, action (with whom it concerned: the cc recipients, a transfer's new
 * approver), node, time, remark and each step's attachments; while the request runs, a last step saying who
 * holds it now.
 */
export function ProcessTimeline({
  logs,
  pendingStep = null,
}: {
  logs: InstanceDetail['logs'];
  pendingStep?: InstanceDetail['pendingStep'];
}) {
  const t = useT('instance');
  const items = logs.map((log) => ({
    key: log.id,
    color: isKnownAction(log.action) ? ACTION_COLOR[log.action] : 'gray',
    content: <LogStep log={log} />,
  }));
  if (pendingStep) {
    items.push({
      key: 'pending',
      color: 'blue',
      content: (
        <div data-testid="log-pending">
          <Typography.Text strong>{t('log.pending')}</Typography.Text>
          <div>
            <PendingStepText step={pendingStep} />
          </div>
        </div>
      ),
    });
  }
  return <Timeline items={items} />;
}

function LogStep({ log }: { log: InstanceDetail['logs'][number] }) {
  const t = useT('instance');
  const tm = useT('moreActions');
  const action = log.action;
  const node = shownNodeName(log);
  const label = isKnownAction(action) ? t(`log.${action}`) : t('log.other');
  const names = log.targets.map((x) => x.name).join(t('names.separator'));
  // A cc is about its recipients; the source records the originator as its actor, which reads as if they were
  // the one copied. Said as "抄送给 …" with no actor.
  const isCcWithRecipients = action === 'cc' && names !== '';
  return (
    <div data-testid="log-step" data-action={action}>
      {isCcWithRecipients ? (
        <Typography.Text strong>{t('log.ccTo', { names })}</Typography.Text>
      ) : (
        <>
          <Typography.Text strong>{log.actorName ?? t('log.system')}</Typography.Text>{' '}
          <Typography.Text>
            {action === 'redirect' && names
              ? t('log.redirectTo', { names })
              : action === 'urge' && names
                ? t('log.urgeTo', { names })
                : action === 'comment' && names
                  ? `${label} ${t('comments:mentionedNames', { names })}`
                  : action === 'append' && names && isAppendPosition(log.result)
                    ? tm('log.appendTo', { how: tm(`log.${log.result}`), names })
                    : action === 'revert' && (names || log.result)
                      ? names
                        ? tm('log.revertToOriginator', { names })
                        : tm('log.revertTo', { target: log.result ?? '' })
                      : action.startsWith('sla_') && names
                        ? t('log.slaTargets', { label, names })
                        : label}
            {log.result?.startsWith('not_notified') && action.startsWith('sla_') && <NotNotified log={log} />}
          </Typography.Text>
        </>
      )}
      {node && <Typography.Text type="secondary"> · {node}</Typography.Text>}
      <div>
        <Typography.Text type="secondary">{formatTime(log.occurredAt)}</Typography.Text>
      </div>
      {log.remark && <Typography.Paragraph style={{ margin: '4px 0' }}>{log.remark}</Typography.Paragraph>}
      <AttachmentList files={log.attachments} />
    </div>
  );
}

function isAppendPosition(result: string | null): result is 'before' | 'after' | 'alongside' {
  return result === 'before' || result === 'after' || result === 'alongside';
}

/** Why an SLA step told nobody (`not_notified:<reason>` in the step's result), in the viewer's language. */
function NotNotified({ log }: { log: InstanceDetail['logs'][number] }) {
  const t = useT('instance');
  const reason = NOT_NOTIFIED_REASONS.find((r) => log.result === `not_notified:${r}`);
  return <>{t('log.notNotified', { reason: reason ? t(`log.reason.${reason}`) : '—' })}</>;
}
