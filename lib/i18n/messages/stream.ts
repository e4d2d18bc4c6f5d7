import { defineMessages } from '../define-messages';

export const streamMessages = defineMessages({
  'zh-CN': {
    connection: 'Stream 连接',
    connectedSince: '已连接自',
    reconnectAttempts: '连续重连次数',
    nextRetryAt: '下次重连',
    lastError: '最近连接错误',
    updatedAt: '状态更新于',
    noReport: 'Worker 尚未报告连接状态',
  },
  'en-US': {
    connection: 'Stream connection',
    connectedSince: 'Connected since',
    reconnectAttempts: 'Reconnect attempts in a row',
    nextRetryAt: 'Next reconnect',
    lastError: 'Last connection error',
    updatedAt: 'State updated',
    noReport: 'The worker has not reported a connection state yet',
  },
});
