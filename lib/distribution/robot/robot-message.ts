import { createHash } from 'node:crypto';
import type { EventEnvelope } from '../outbox/event-types';

/** What the robot says per event type (the heading of its markdown). */
const HEADING: Record<string, string> = {
  'task.created': '新待办',
  'task.completed': '待办已处理',
  'task.transferred': '待办已转交',
  'task.cancelled': '待办已取消',
  'instance.created': '新审批',
  'instance.finished': '审批已结束',
  'instance.cancelled': '审批已撤销',
  'instance.deleted': '审批已删除',
};

const RESULT: Record<string, string> = { agree: '同意', refuse: '拒绝', redirect: '转交' };

/** `@` targets of one message: DingTalk highlights them only when the text contains `@<mobile|userId>` too (§4.4). */
export type RobotAt = { atMobiles: string[]; atUserIds: string[] };

/** The markdown body sent to a custom robot (§4.3), `msgUuid` making a retried send idempotent. */
export type RobotMessage = {
  msgtype: 'markdown';
  msgUuid: string;
  markdown: { title: string; text: string };
  at: RobotAt & { isAtAll: false };
};

type Instance = {
  instanceId?: string;
  title?: string;
  processName?: string | null;
  processCode?: string | null;
  originator?: { name?: string | null };
  result?: string | null;
};

/** Markdown is read literally by DingTalk's renderer: keep a source's text from opening links or headings. */
function safe(text: unknown): string {
  return String(text ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([[\]()*_`#>])/g, '\\$1')
    .slice(0, 200);
}

function instanceOf(envelope: EventEnvelope): Instance {
  const data = envelope.data as Instance & { instance?: Instance };
  return data.instance ?? data;
}

/** One event's lines: heading, process, originator, node and result, who is asked, and the link back. */
function lines(envelope: EventEnvelope, appUrl: string, mention: string | null): string[] {
  const inst = instanceOf(envelope);
  const data = envelope.data as { nodeName?: string | null; result?: string | null };
  const heading = HEADING[envelope.type] ?? envelope.type;
  const out = [`#### ${heading}：${safe(inst.title)}`];
  const process = inst.processName || inst.processCode;
  if (process) out.push(`- 流程：${safe(process)}`);
  if (inst.originator?.name) out.push(`- 发起人：${safe(inst.originator.name)}`);
  if (data.nodeName) out.push(`- 节点：${safe(data.nodeName)}`);
  const result = envelope.type.startsWith('task.') ? data.result : inst.result;
  if (result && RESULT[result]) out.push(`- 结果：${RESULT[result]}`);
  if (mention) out.push(`- 处理人：@${mention}`);
  if (inst.instanceId) out.push(`- [在汇办中查看](${appUrl}/instances/${inst.instanceId})`);
  return out;
}

/**
 * The markdown message for one or several events (a batch when more are waiting than the robot's per-minute
 * limit allows): each event's heading and facts, `@` the assignees of new tasks, and a link to the instance
 * in Huiban. `mentions` maps an envelope id to the assignee's mobile or userId (by the subscription's setting).
 */
export function buildRobotMessage(
  envelopes: EventEnvelope[],
  input: { appUrl: string; mentions: Map<string, { mobile?: string; userId?: string }> },
): RobotMessage {
  const at: RobotAt = { atMobiles: [], atUserIds: [] };
  const sections = envelopes.map((e) => {
    const m = input.mentions.get(e.id);
    const mention = m?.mobile ?? m?.userId ?? null;
    if (m?.mobile && !at.atMobiles.includes(m.mobile)) at.atMobiles.push(m.mobile);
    if (m?.userId && !m.mobile && !at.atUserIds.includes(m.userId)) at.atUserIds.push(m.userId);
    return lines(e, input.appUrl, mention).join('\n');
  });
  const first = envelopes[0];
  const title =
    envelopes.length === 1 && first
      ? `${HEADING[first.type] ?? first.type}：${String(instanceOf(first).title ?? '').slice(0, 60)}`
      : `汇办：${envelopes.length} 条新消息`;
  return {
    msgtype: 'markdown',
    msgUuid: `hb-${createHash('sha256')
      .update(envelopes.map((e) => e.id).join(','))
      .digest('hex')
      .slice(0, 32)}`,
    markdown: { title, text: sections.join('\n\n---\n\n') },
    at: { ...at, isAtAll: false },
  };
}
