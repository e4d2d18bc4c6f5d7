'use client';

import { Timeline, Typography } from 'antd';
import { formatTime } from '@/lib/client/format-time';
import { useT } from '@/lib/i18n/locale-context';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { AttachmentList } from './AttachmentList';

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
  // Local workflows (Huiban's own engine).
  cancel: 'gray',
  dingtalk: 'blue',
  automation: 'cyan',
  error: 'red',
  notice: 'gray',
  // Reconciliation found the instance gone at its source.
  source_deleted: 'red',
} as const;

function isKnownAction(action: string): action is keyof typeof ACTION_COLOR {
  return action in ACTION_COLOR;
}

/** The process log as a timeline: actor, action, remark, time, and each step's attachments. */
export function ProcessTimeline({ logs }: { logs: InstanceDetail['logs'] }) {
  const t = useT('instance');
  return (
    <Timeline
      items={logs.map((log) => {
        const action = log.action;
        const shown = isKnownAction(action)
          ? { label: t(`log.${action}`), color: ACTION_COLOR[action] }
          : { label: action, color: 'gray' };
        return {
          key: log.id,
          color: shown.color,
          content: (
            <div data-testid="log-step">
              <Typography.Text strong>{log.actorName ?? t('log.system')}</Typography.Text>{' '}
              <Typography.Text>{shown.label}</Typography.Text>
              {log.nodeName && <Typography.Text type="secondary"> · {log.nodeName}</Typography.Text>}
              <div>
                <Typography.Text type="secondary">{formatTime(log.occurredAt)}</Typography.Text>
              </div>
              {log.remark && (
                <Typography.Paragraph style={{ margin: '4px 0' }}>{log.remark}</Typography.Paragraph>
              )}
              <AttachmentList files={log.attachments} />
            </div>
          ),
        };
      })}
    />
  );
}
