'use client';

import { Tag } from 'antd';
import { useLocale } from '@/components/providers/LocaleProvider';

const STATUS: Record<string, { zh: string; en: string; color: string }> = {
  pending: { zh: '待处理', en: 'Pending', color: 'processing' },
  acted: { zh: '已提交', en: 'Submitted', color: 'cyan' },
  done: { zh: '已处理', en: 'Done', color: 'success' },
  cancelled: { zh: '已撤回', en: 'Withdrawn', color: 'default' },
  deleted: { zh: '已删除', en: 'Deleted', color: 'default' },
  running: { zh: '审批中', en: 'In progress', color: 'processing' },
  completed: { zh: '已完成', en: 'Completed', color: 'success' },
  terminated: { zh: '已撤销', en: 'Revoked', color: 'default' },
};
const RESULT: Record<string, { zh: string; en: string; color: string }> = {
  agree: { zh: '同意', en: 'Approved', color: 'success' },
  refuse: { zh: '拒绝', en: 'Refused', color: 'error' },
  redirect: { zh: '已转交', en: 'Transferred', color: 'purple' },
};

/** The one mapping of task/instance status (and result) → label and colour, so every page shows a status alike. */
export function TaskStatusTag({ status, result }: { status: string; result?: string | null }) {
  const { locale } = useLocale();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';
  const shown =
    (status === 'done' || status === 'completed') && result && RESULT[result]
      ? RESULT[result]
      : STATUS[status];
  if (!shown) return <Tag>{status}</Tag>;
  return <Tag color={shown.color}>{shown[lang]}</Tag>;
}
