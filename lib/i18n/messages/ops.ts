import { defineMessages } from '../define-messages';

export const opsMessages = defineMessages({
  'zh-CN': {
    'nav.health': '同步健康',
    'nav.events': '事件日志',
    'nav.tasks': '全部任务',
    'nav.audit': '审计日志',
    'health.title': '同步健康',
    'events.title': '事件日志',
    'events.hint': '每一条收到的来源事件。死信是处理彻底失败的事件，修复原因后可重放；重放是幂等的。',
    'tasks.title': '全部任务',
    'tasks.hint': '所有用户的任务。强制转交会以原处理人的身份在来源系统中转交，并记录审计日志。',
    'audit.title': '审计日志',
    'audit.export': '导出 CSV',
  },
  'en-US': {
    'nav.health': 'Sync health',
    'nav.events': 'Event log',
    'nav.tasks': 'All tasks',
    'nav.audit': 'Audit log',
    'health.title': 'Sync health',
    'events.title': 'Event log',
    'events.hint':
      'Every source event received. Dead letters failed for good; replay them once the cause is fixed (replay is idempotent).',
    'tasks.title': 'All tasks',
    'tasks.hint':
      "Every user's tasks. A force-reassign transfers the task at the source in the assignee's name and is audited.",
    'audit.title': 'Audit log',
    'audit.export': 'Export CSV',
  },
});
