import type { YidaSettings } from './config';

/**
 * Deep links to a Yida instance (yida-connect-api.md §3). Default PC link: the process detail page on the
 * connector's origin (专属 hosts are configuration, §9.8) opened in the PC workbench tab (`ddtab=true`);
 * mobile: the same page through DingTalk's unified jump protocol so it opens logged in inside the client.
 * Templates may use `{origin}`, `{appType}`, `{instanceId}`, `{formUuid}`, `{taskId}`, `{corpId}`.
 */
export function yidaLinks(
  s: Pick<YidaSettings, 'yidaOrigin' | 'corpId' | 'pcLinkTemplate' | 'mobileLinkTemplate'>,
  input: { appType: string; instanceId: string; formUuid?: string | null; taskId?: string | null },
): { pcUrl: string; mobileUrl: string } {
  const fill = (template: string) =>
    template
      .replaceAll('{origin}', s.yidaOrigin)
      .replaceAll('{appType}', encodeURIComponent(input.appType))
      .replaceAll('{instanceId}', encodeURIComponent(input.instanceId))
      .replaceAll('{formUuid}', encodeURIComponent(input.formUuid ?? ''))
      .replaceAll('{taskId}', encodeURIComponent(input.taskId ?? ''))
      .replaceAll('{corpId}', encodeURIComponent(s.corpId ?? ''));
  const detail = fill('{origin}/{appType}/processDetail?procInsId={instanceId}');
  const pcUrl = s.pcLinkTemplate ? fill(s.pcLinkTemplate) : `${detail}&ddtab=true`;
  const mobileUrl = s.mobileLinkTemplate
    ? fill(s.mobileLinkTemplate)
    : `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(detail)}`;
  return { pcUrl, mobileUrl };
}
