import { AdapterError } from '../types';
import { systemTokenOf, type YidaSettings } from './config';
import { callYida } from './open-api';

const PAGE_SIZE = 100;

/**
 * Ids of instances of one app's form modified in a window (GetInstanceIdList, §2.8 with `modifiedFromTimeGMT`):
 * reconciliation finds missed creates and missed state changes among them. `scope` is `appType/formUuid`.
 */
export async function listYidaInstanceIds(
  s: YidaSettings,
  input: { scope: string; since: Date; until: Date; limit: number },
): Promise<string[]> {
  const [appType, formUuid] = input.scope.split('/');
  const systemToken = appType ? systemTokenOf(s, appType) : null;
  if (!appType || !formUuid || !systemToken)
    throw new AdapterError(`Yida scope ${input.scope} is not a configured app/form`, { retryable: false });
  const ids: string[] = [];
  for (let pageNumber = 1; ids.length < input.limit; pageNumber++) {
    const page = await callYida<{ data?: string[]; totalCount?: number }>(
      s,
      '/v1.0/yida/processes/instanceIds',
      {
        query: { pageNumber: String(pageNumber), pageSize: String(PAGE_SIZE) },
        body: {
          appType,
          systemToken,
          userId: s.operatorUserId,
          formUuid,
          modifiedFromTimeGMT: input.since.getTime(),
          modifiedToTimeGMT: input.until.getTime(),
          language: 'zh_CN',
        },
      },
    );
    const data = page.data ?? [];
    ids.push(...data);
    if (data.length < PAGE_SIZE || ids.length >= (page.totalCount ?? 0)) break;
  }
  return ids.slice(0, input.limit);
}

/** The reconciliation scopes of a connector: one per configured app × process form. */
export function yidaScopes(s: Pick<YidaSettings, 'apps'>): string[] {
  return s.apps.flatMap((a) => a.formUuids.map((f) => `${a.appType}/${f}`));
}
