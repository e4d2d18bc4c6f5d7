'use client';

import { Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { AttachmentList } from './AttachmentList';

const ACTION_LABEL: Record<string, { label: string; color: string }> = {
  start: { label: '发起申请', color: 'blue' },
  agree: { label: '同意', color: 'green' },
  refuse: { label: '拒绝', color: 'red' },
  redirect: { label: '转交', color: 'purple' },
  comment: { label: '评论', color: 'gray' },
  terminate: { label: '撤销', color: 'gray' },
  finish: { label: '结束', color: 'green' },
  cc: { label: '抄送', color: 'gray' },
  return: { label: '退回', color: 'orange' },
  append: { label: '加签', color: 'blue' },
  // Local workflows (Huiban's own engine).
  cancel: { label: '管理员取消', color: 'gray' },
  dingtalk: { label: '钉钉审批', color: 'blue' },
  automation: { label: '自动化', color: 'cyan' },
  error: { label: '出错', color: 'red' },
  notice: { label: '提示', color: 'gray' },
};

/** The process log as a timeline: actor, action, remark, time, and each step's attachments. */
export function ProcessTimeline({ logs }: { logs: InstanceDetail['logs'] }) {
  return (
    <Timeline
      items={logs.map((log) => {
        const shown = ACTION_LABEL[log.action] ?? { label: log.action, color: 'gray' };
        return {
          key: log.id,
          color: shown.color,
          content: (
            <div data-testid="log-step">
              <Typography.Text strong>{log.actorName ?? '系统'}</Typography.Text>{' '}
              <Typography.Text>{shown.label}</Typography.Text>
              {log.nodeName && <Typography.Text type="secondary"> · {log.nodeName}</Typography.Text>}
              <div>
                <Typography.Text type="secondary">
                  {dayjs(log.occurredAt).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
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
