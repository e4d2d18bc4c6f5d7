import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { AdapterError } from '../types';
import { dingtalkConfigSchema, dingtalkSettings } from './config';
import { callOapi } from './open-api';

/** The DingTalk app a page inside the client asks `dd.requestAuthCode` for (no secret: the browser sees it). */
export type H5LoginApp = { connectorId: string; corpId: string; clientId: string };

/**
 * The enabled DingTalk connector that serves 免登 for `corpId` (the `$CORPID$` of the app's homepage URL), and,
 * when several apps of one corp are connected, the one with `clientId`. Without a corpId, the only enabled
 * DingTalk connector with a corp, if there is exactly one (a page opened inside DingTalk without `?corpId=`).
 */
export async function findH5LoginApp(
  db: DbOrTx,
  input: { corpId?: string | null; clientId?: string | null },
): Promise<H5LoginApp | null> {
  const rows = await db
    .select({ id: connectors.id, corpId: connectors.corpId, config: connectors.config })
    .from(connectors)
    .where(and(eq(connectors.kind, 'dingtalk'), eq(connectors.enabled, true)))
    .orderBy(connectors.createdAt);
  const apps = rows.flatMap((r) => {
    const config = dingtalkConfigSchema.safeParse(r.config);
    if (!r.corpId || !config.success) return [];
    return [{ connectorId: r.id, corpId: r.corpId, clientId: config.data.clientId }];
  });
  if (!input.corpId) return apps.length === 1 ? (apps[0] ?? null) : null;
  const ofCorp = apps.filter((a) => a.corpId === input.corpId);
  if (input.clientId) return ofCorp.find((a) => a.clientId === input.clientId) ?? null;
  return ofCorp[0] ?? null;
}

export type H5CodeExchange =
  | { ok: true; connectorId: string; corpId: string; dingtalkUserId: string; unionId: string | null }
  /**
   * `code_invalid`: used, expired, or issued for another corp (errcode 40078; DingTalk does not say which);
   * `unknown_corp`: no enabled connector serves this corp (or app); `unavailable`: DingTalk could not be asked.
   */
  | { ok: false; reason: 'code_invalid' | 'unknown_corp' | 'unavailable'; sourceCode?: string };

type GetUserInfoResponse = { result?: { userid?: string; unionid?: string } };

/**
 * 免登 (reference dingtalk-api.md §8.2): exchanges a `dd.requestAuthCode` code through
 * `POST topapi/v2/user/getuserinfo` with the app token of the corp's connector (shared token cache and QPS
 * limits of open-api.ts). The code is single use and lives 5 minutes; DingTalk answers a used, expired or
 * foreign one with 40078. Returns who DingTalk says the person is; mapping them to a Huiban user is the caller's.
 */
export async function exchangeH5AuthCode(
  db: DbOrTx,
  input: { corpId: string; clientId?: string | null; code: string },
): Promise<H5CodeExchange> {
  const app = await findH5LoginApp(db, input);
  if (!app) return { ok: false, reason: 'unknown_corp' };
  const runtime = await unsafeLoadConnectorRuntime(db, app.connectorId);
  if (!runtime) return { ok: false, reason: 'unknown_corp' };
  const settings = dingtalkSettings(runtime);
  try {
    const body = await callOapi<GetUserInfoResponse>(settings, '/topapi/v2/user/getuserinfo', {
      code: input.code,
    });
    const userId = body.result?.userid;
    if (!userId) return { ok: false, reason: 'unavailable', sourceCode: 'no_userid' };
    return {
      ok: true,
      connectorId: app.connectorId,
      corpId: app.corpId,
      dingtalkUserId: userId,
      unionId: body.result?.unionid || null,
    };
  } catch (error) {
    if (!(error instanceof AdapterError)) throw error;
    // 40078 不存在的临时授权码; 40079 (no authorization info) and 60121 (user not found) mean the same to a sign-in.
    if (error.sourceCode === '40078' || error.sourceCode === '40079' || error.sourceCode === '60121') {
      return { ok: false, reason: 'code_invalid', sourceCode: error.sourceCode };
    }
    return { ok: false, reason: 'unavailable', sourceCode: error.sourceCode };
  }
}
