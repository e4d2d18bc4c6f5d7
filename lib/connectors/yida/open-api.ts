import { type CallOptions, callApi } from '../dingtalk/open-api';
import type { YidaSettings } from './config';

/**
 * One Yida OpenAPI call (yida-connect-api.md §2): the DingTalk app token header (shared cache and QPS window
 * with the DingTalk adapter, same host family), JSON errors `{code, requestid, message}` mapped to
 * AdapterError with Yida's code as `sourceCode`. Write calls answer 200 with an empty body (§9.6).
 */
export function callYida<T>(s: YidaSettings, path: string, options: CallOptions = {}): Promise<T> {
  return callApi<T>(
    {
      apiBase: s.apiBase,
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      qpsLimit: s.qpsLimit,
      corpId: s.corpId,
      connectorId: s.connectorId,
    },
    path,
    options,
  );
}

/** Codes meaning "this app has no such instance" (deleted, or it belongs to another app). */
export const YIDA_NOT_FOUND = new Set([
  'invalidState.form.dataDoesNotExistOrIsDeleted',
  'applicationNotExist.application.notExits',
]);
