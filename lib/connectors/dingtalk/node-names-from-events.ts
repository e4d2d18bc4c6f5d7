import type { InstanceSnapshot } from '@/lib/tasks/snapshot';

/**
 * Fills in the node name of tasks the instance detail does not name: DingTalk's detail gives a task's node only
 * through `taskGroupName` or the `showName` of an operation record on its activity, and a task nobody has acted
 * on yet has neither. Its `bpms_task_change` event carries `activityName` (§4.3), which is used until the
 * snapshot has a name of its own.
 */
export function withNodeNamesFromEvents(
  snapshot: InstanceSnapshot,
  events: unknown[] | undefined,
): InstanceSnapshot {
  if (!events?.length || !snapshot.tasks?.some((t) => !t.nodeName)) return snapshot;
  const byTask = new Map<string, string>();
  for (const payload of events) {
    if (typeof payload !== 'object' || payload === null) continue;
    const e = payload as { taskId?: unknown; activityName?: unknown };
    if (typeof e.activityName !== 'string' || !e.activityName.trim()) continue;
    const name = e.activityName.trim();
    if (typeof e.taskId === 'string' || typeof e.taskId === 'number') byTask.set(String(e.taskId), name);
  }
  if (byTask.size === 0) return snapshot;
  return {
    ...snapshot,
    tasks: snapshot.tasks.map((t) =>
      t.nodeName || t.kind !== 'approval' ? t : { ...t, nodeName: byTask.get(t.externalTaskId) ?? null },
    ),
  };
}
