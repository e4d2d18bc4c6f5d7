import type { DingTalkSettings } from './config';

/**
 * Deep links into DingTalk's approval pages (§10). Templates are per connector (`{corpId}`, `{instanceId}`,
 * `{taskId}`); the defaults are the aflow pages DingTalk itself puts into event payloads (§10.3) and the PC
 * form integrators report as reliable, opened in the PC client's side panel (§10.2).
 */
export function instanceLinks(
  s: Pick<DingTalkSettings, 'corpId' | 'pcLinkTemplate' | 'mobileLinkTemplate'>,
  instanceId: string,
  taskId = '',
): { pcUrl: string; mobileUrl: string } {
  const fill = (template: string) =>
    template
      .replaceAll('{corpId}', encodeURIComponent(s.corpId ?? ''))
      .replaceAll('{instanceId}', encodeURIComponent(instanceId))
      .replaceAll('{taskId}', encodeURIComponent(taskId));
  const mobile =
    s.mobileLinkTemplate ??
    'https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid={corpId}&dd_share=false&showmenu=false&dd_progress=false&back=native&procInstId={instanceId}&taskId={taskId}&swfrom=isv&dinghash=approval&dtaction=os&dd_from=#approval';
  const pcTarget =
    'https://aflow.dingtalk.com/dingtalk/pc/query/pchomepage.htm?procInstId={instanceId}&corpid={corpId}&dd_share=false&swfrom=oa&showmenu=false&dinghash=approval&dd_progress=false#/approval';
  const pc =
    s.pcLinkTemplate ??
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(fill(pcTarget))}&pc_slide=true`;
  return { pcUrl: s.pcLinkTemplate ? fill(pc) : pc, mobileUrl: fill(mobile) };
}

/**
 * A web page opened inside the DingTalk client (§10.1): `dingtalk://dingtalkclient/page/link?url=<encoded>`. On the
 * phone it opens in DingTalk's own browser; on the PC client `pcSlide` opens it in the side panel (inside DingTalk),
 * otherwise in the system browser.
 */
export function insideDingTalkLink(url: string, pcSlide = true): string {
  return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(url)}&pc_slide=${pcSlide}`;
}

/**
 * The key that names a DingTalk approval for "one task for one approval": the DingTalk instance
 * itself, a local workflow step that started it and an open-API push that mirrors it all carry it, so the copies
 * are recognised as one approval (lib/tasks/write/link-same-approval.ts). processInstanceIds are unique.
 */
export function dingtalkApprovalKey(processInstanceId: string): string {
  return `dingtalk:${processInstanceId}`;
}
