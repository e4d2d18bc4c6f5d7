/**
 * What a subscription can ask for (docs/event-distribution.md). Browser-safe: the admin page offers these.
 *
 * Normalized events are Huiban's own, the same for every source (DingTalk, Yida, local workflows, the open
 * API), derived from what applySnapshot() changed. Raw events are DingTalk's event types as received
 * (Stream or HTTP callback), forwarded once Huiban has processed them: the "one callback URL per org"
 * distribution platform that lets several systems share DingTalk's one callback URL. Only types Huiban
 * processes are offered: department events (`org_dept_*`) are not, since nothing would ever deliver them.
 */
export const NORMALIZED_EVENT_TYPES = [
  'task.created',
  'task.completed',
  'task.transferred',
  'task.cancelled',
  'instance.created',
  'instance.finished',
  'instance.cancelled',
  'instance.deleted',
] as const;

export type NormalizedEventType = (typeof NORMALIZED_EVENT_TYPES)[number];

export const RAW_EVENT_TYPES = [
  'bpms_task_change',
  'bpms_instance_change',
  'user_add_org',
  'user_modify_org',
  'user_leave_org',
] as const;

export type RawEventType = (typeof RAW_EVENT_TYPES)[number];

export const EVENT_TYPES: readonly string[] = [...NORMALIZED_EVENT_TYPES, ...RAW_EVENT_TYPES];

export function isNormalizedEventType(type: string): type is NormalizedEventType {
  return (NORMALIZED_EVENT_TYPES as readonly string[]).includes(type);
}

/** The envelope every subscriber receives (the JSON body of a webhook, the jsonData of a connect trigger). */
export type EventEnvelope = {
  /** Stable per event: the same event sent to several subscribers, or sent again, has the same id. */
  id: string;
  type: string;
  /** ISO 8601. */
  occurredAt: string;
  data: Record<string, unknown>;
};
