import { defineMessages } from './define-messages';

/** One task for one approval: the copies of one approval on the instance page. */
export const sameApprovalMessages = defineMessages({
  'zh-CN': {
    'card.title': '同一审批的其他来源',
    'card.hint': '这是同一条审批在另一个系统中的副本：待办里只显示一次，处理一次即两边同步。',
    'copy.primary': '主审批',
    'copy.twin': '副本',
    'copy.openInHuiban': '在汇办中查看',
    'copy.openSource': '打开来源',
  },
  'en-US': {
    'card.title': 'The same approval in other sources',
    'card.hint':
      'A copy of this approval in another system: the inbox shows it once, and acting once settles both.',
    'copy.primary': 'Primary',
    'copy.twin': 'Copy',
    'copy.openInHuiban': 'View in Huiban',
    'copy.openSource': 'Open source',
  },
});
