import type { DingTalkSettings } from './config';
import { callApi } from './open-api';

// §5.8: at most 20 per page, a window of at most 120 days.
const PAGE = 20;
const MAX_WINDOW_MS = 120 * 24 * 3600 * 1000;

/** Instance ids of one template started in a time window (`POST /v1.0/workflow/processes/instanceIds/query`). */
export async function listDingTalkInstanceIds(
  s: DingTalkSettings,
  input: { processCode: string; since: Date; until: Date; limit: number },
): Promise<string[]> {
  const startTime = Math.max(input.since.getTime(), input.until.getTime() - MAX_WINDOW_MS);
  const ids: string[] = [];
  let nextToken = 0;
  while (ids.length < input.limit) {
    const body = await callApi<{ result?: { list?: string[]; nextToken?: string } }>(
      s,
      '/v1.0/workflow/processes/instanceIds/query',
      {
        body: {
          processCode: input.processCode,
          startTime,
          endTime: input.until.getTime(),
          nextToken,
          maxResults: PAGE,
        },
      },
    );
    ids.push(...(body.result?.list ?? []));
    // nextToken is a string in the answer and a number in the request; absent or empty = no more.
    const next = Number(body.result?.nextToken);
    if (!body.result?.nextToken || !Number.isFinite(next) || next <= nextToken) break;
    nextToken = next;
  }
  return ids.slice(0, input.limit);
}
