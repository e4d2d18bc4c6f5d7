import type { DbOrTx } from '@/db/client';
import { isInsideDingTalk } from '@/lib/client/dingtalk-container';
import { findH5LoginApp } from '@/lib/connectors/dingtalk/h5-login';

const CORP_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What the login page needs for 免登, or null outside DingTalk (no DingTalk user agent and no `corpId`): then the
 * page is exactly the ordinary one and names no corp or app. The corpId comes from the page's own query or from
 * the path it returns to (the app's homepage URL `/?corpId=$CORPID$`, §8.2).
 */
export async function dingtalkH5LoginContext(
  db: DbOrTx,
  input: { userAgent: string | null; corpId?: string; callbackUrl: string },
): Promise<{ app: { corpId: string; clientId: string } | null } | null> {
  const corpId =
    input.corpId ?? new URL(input.callbackUrl, 'http://huiban.invalid').searchParams.get('corpId');
  const validCorpId = corpId && CORP_ID.test(corpId) ? corpId : null;
  if (!validCorpId && !isInsideDingTalk(input.userAgent ?? '')) return null;
  if (corpId && !validCorpId) return { app: null };
  const app = await findH5LoginApp(db, { corpId: validCorpId });
  return { app: app ? { corpId: app.corpId, clientId: app.clientId } : null };
}
