import type { ActRequest } from './types';

/** DingTalk's limit for `remark` and comment `text` (dingtalk-api.md §5.4–§5.6); Yida's is not lower. */
const REMARK_LIMIT = 1024;

/**
 * The remark a source receives for an action: the user's own, or, when a delegate acted for the assignee (代理),
 * prefixed "由 李四 代为处理" so the source's own record says who acted. Always in the company language (zh),
 * whatever the delegate's UI language: it is what the source shows everyone (docs/delegation.md).
 */
export function delegatedRemark(request: Pick<ActRequest, 'remark' | 'delegate'>): string | null {
  if (!request.delegate) return request.remark;
  const prefix = `由 ${request.delegate.name} 代为处理`;
  const text = request.remark ? `${prefix}：${request.remark}` : prefix;
  return text.length > REMARK_LIMIT ? text.slice(0, REMARK_LIMIT) : text;
}
