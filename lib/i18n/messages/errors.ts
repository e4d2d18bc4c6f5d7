import { defineMessages } from './define-messages';

/**
 * Error messages the server sends, named by key (`errors:notFound.connector`): the route wrapper says them in
 * the caller's language (lib/errors.ts `toErrorResponse`), English for other systems.
 */
export const errorsMessages = defineMessages({
  'zh-CN': {
    'notFound.connector': '连接器不存在',
    'notFound.operation': '操作不存在',
    'notFound.event': '事件不存在',
    'operation.noSourceToRead': '该连接器没有可读取的来源接口，无法重新同步',
  },
  'en-US': {
    'notFound.connector': 'No such connector',
    'notFound.operation': 'No such operation',
    'notFound.event': 'No such event',
    'operation.noSourceToRead': 'This connector has no source API to read from, so it cannot be re-synced',
  },
});
