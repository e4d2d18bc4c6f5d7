/**
 * A Huiban page opened inside the DingTalk client (dingtalk-api.md §10.1): the client's in-app browser on the
 * phone, the side panel on PC (`pc_slide=true`). The process centre opens this link from DingTalk's 审批 and
 * 待办 › OA审批.
 */
export function insideDingtalkUrl(url: string): string {
  return `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(url)}&pc_slide=true`;
}
