import { defineMessages } from './define-messages';

export const statusMessages = defineMessages({
  'zh-CN': {
    pending: '待处理',
    acted: '已提交',
    done: '已处理',
    cancelled: '已取消',
    deleted: '已删除',
    running: '审批中',
    completed: '已完成',
    terminated: '已撤销',
    'result.agree': '同意',
    'result.refuse': '拒绝',
    'result.redirect': '已转交',
  },
  'en-US': {
    pending: 'Pending',
    acted: 'Submitted',
    done: 'Done',
    cancelled: 'Cancelled',
    deleted: 'Deleted',
    running: 'In progress',
    completed: 'Completed',
    terminated: 'Revoked',
    'result.agree': 'Approved',
    'result.refuse': 'Rejected',
    'result.redirect': 'Transferred',
  },
});
