/**
 * Who holds a running request now: the node waiting for an answer, its approvers still to answer, and for a
 * node with several approvers how it decides (会签 'and': everyone; 或签 'or': the first answer) and how far it
 * got. The same shape on every inbox row and on the instance page (and for API readers such as a phone list).
 */
export type PendingStep = {
  nodeName: string | null;
  approvers: { userId: string | null; name: string }[];
  mode: 'and' | 'or' | 'single' | null;
  done: number;
  total: number;
};

/** One stored approval item of the instance, as pendingStepOf() reads it. */
export type StepTask = {
  id: string;
  nodeName: string | null;
  nodeMode: 'and' | 'or' | 'single' | null;
  status: 'pending' | 'done' | 'cancelled' | 'deleted';
  result: 'agree' | 'refuse' | 'redirect' | 'none' | null;
  /** Acted from Huiban, not yet confirmed by the source: answered, as far as the viewer can tell. */
  isActed: boolean;
  receivedAt: Date;
  finishedAt: Date | null;
  userId: string | null;
  name: string;
};

/** A transfer's new item starts when the old one ends; sources with minute precision give equal times. */
const SAME_MOMENT_MS = 1_000;

/**
 * The pending step of a running instance, from its stored approval items (pure). The current node is the one
 * of the longest-waiting open item; that node's occurrence starts when its first item arrived (following
 * transfers back to the item they replaced), so an earlier node with the same name is not counted. Where the
 * source does not say the node's mode, it is read from the items: one approver is 'single', an answer with
 * others still open is 'and', a withdrawn sibling is 'or'; otherwise unknown (null).
 */
export function pendingStepOf(items: StepTask[]): PendingStep {
  const current = currentNodeOf(items);
  if (!current) return { nodeName: null, approvers: [], mode: null, done: 0, total: 0 };
  const { nodeName, occurrence, members, waiting } = current;
  const done = members.length - waiting.length;
  const stated = members.find((t) => t.nodeMode)?.nodeMode ?? null;
  const inferred =
    members.length === 1
      ? 'single'
      : done > 0 && waiting.length > 0
        ? 'and'
        : occurrence.some((t) => t.status === 'cancelled')
          ? 'or'
          : null;
  return {
    nodeName,
    approvers: waiting.map((t) => ({ userId: t.userId, name: t.name })),
    mode: stated ?? inferred,
    done,
    total: members.length,
  };
}

/** The items of the current node still waiting for an answer: whom a 催办 reaches (pure). */
export function waitingItemsOf(items: StepTask[]): StepTask[] {
  return currentNodeOf(items)?.waiting ?? [];
}

function currentNodeOf(
  items: StepTask[],
): { nodeName: string | null; occurrence: StepTask[]; members: StepTask[]; waiting: StepTask[] } | null {
  const open = items
    .filter((t) => t.status === 'pending')
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const first = open[0];
  if (!first) return null;
  const node = items.filter((t) => t.nodeName === first.nodeName);
  let start = Math.min(
    ...open.filter((t) => t.nodeName === first.nodeName).map((t) => t.receivedAt.getTime()),
  );
  for (;;) {
    const replaced = node.find(
      (t) =>
        t.result === 'redirect' &&
        t.finishedAt &&
        t.receivedAt.getTime() < start &&
        Math.abs(t.finishedAt.getTime() - start) <= SAME_MOMENT_MS,
    );
    if (!replaced) break;
    start = replaced.receivedAt.getTime();
  }
  const occurrence = node.filter((t) => t.receivedAt.getTime() >= start);
  const members = occurrence.filter(
    (t) => t.result !== 'redirect' && (t.status === 'pending' || t.status === 'done'),
  );
  const waiting = members.filter((t) => t.status === 'pending' && !t.isActed);
  return { nodeName: first.nodeName, occurrence, members, waiting };
}
