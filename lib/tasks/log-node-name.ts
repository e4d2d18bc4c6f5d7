/**
 * Log steps whose node name is the actor's role at the source, not a node they decided at: DingTalk names the
 * start record's node 发起人 and a cc record's 抄送. The timeline and the printed approval leave it out.
 */
const ROLE_ONLY_ACTIONS = new Set(['start', 'cc']);

/** The node name a log step shows (null when it has none, or when it is only the actor's role). */
export function shownNodeName(log: { action: string; nodeName: string | null }): string | null {
  return log.nodeName && !ROLE_ONLY_ACTIONS.has(log.action) ? log.nodeName : null;
}
