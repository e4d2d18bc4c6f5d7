/**
 * The pending task `step` rows after (1) or before (-1) this instance in the viewer's 待我处理. After acting, this
 * instance may still be in a list fetched before the action, or already gone from it: either way `n` goes to
 * the next other task (from the top when this was the last), never back to this one.
 */
export function neighbour<Row extends { instanceId: string }>(
  list: Row[],
  instanceId: string,
  step: 1 | -1,
): Row | undefined {
  const here = list.findIndex((row) => row.instanceId === instanceId);
  const others = list.filter((row) => row.instanceId !== instanceId);
  if (step === -1) return here > 0 ? others[here - 1] : undefined;
  // In `others`, index `here` is the row that followed this one.
  return (here < 0 ? undefined : others[here]) ?? others[0];
}
