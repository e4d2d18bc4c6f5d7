import { defineMessages } from './define-messages';

export const adminMessages = defineMessages({
  'zh-CN': {
    title: '管理概览',
    users: '用户',
    connectors: '连接器',
    health: '系统状态',
    worker: '后台任务进程',
    database: '数据库',
    processes: '流程设置',
    'processes.hint': '开启「允许批量同意」后，员工可以在待我处理中一次同意该流程的多条待办。',
    'processes.batch': '允许批量同意',
    'processes.code': '流程编码',
    'processes.instances': '实例数',
    'processes.lastSeen': '最近发起',
    'processes.included': '纳入汇办',
    'processes.displayName': '显示名称',
    'processes.category': '分类',
    'processes.summary': '摘要字段',
    'processes.summary.placeholder': '默认：前三个字段',
    'processes.mappingHint':
      '不纳入的流程，其事件仍会记录，但不再生成待办。显示名称、分类和摘要字段会显示在待办列表中。',
    'processes.saved': '已保存',
  },
  'en-US': {
    title: 'Admin overview',
    users: 'Users',
    connectors: 'Connectors',
    health: 'System status',
    worker: 'Worker',
    database: 'Database',
    processes: 'Processes',
    'processes.hint':
      'With batch approve on, employees can agree several tasks of the process at once from To do.',
    'processes.batch': 'Batch approve',
    'processes.code': 'Process code',
    'processes.instances': 'Instances',
    'processes.lastSeen': 'Last started',
    'processes.included': 'Included',
    'processes.displayName': 'Display name',
    'processes.category': 'Category',
    'processes.summary': 'Summary fields',
    'processes.summary.placeholder': 'Default: the first three fields',
    'processes.mappingHint':
      'Events of a process that is not included are still logged but create no tasks. Display name, category and summary fields show in the task lists.',
    'processes.saved': 'Saved',
  },
});
