/** Inbound event statuses as the event log shows them. */
export const EVENT_STATUS: Record<string, { text: string; color: string }> = {
  received: { text: '待处理', color: 'default' },
  processing: { text: '处理中', color: 'processing' },
  processed: { text: '已处理', color: 'success' },
  failed: { text: '重试中', color: 'warning' },
  rejected: { text: '已拒绝', color: 'default' },
  dead: { text: '死信', color: 'error' },
};
