import type { Db } from '@/db/client';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { recordConnectorAudit } from '../record-connector-audit';
import { callbackRefusal, unsafeLoadCallbackConnector } from './callback-registration';
import { callOapi } from './open-api';

/**
 * Deletes the app's HTTP callback at DingTalk (`call_back/delete_call_back`); DingTalk then stops posting events
 * to Huiban until one is registered again (or the Stream mode is used). Audited.
 */
export async function deleteCallbackRegistrationAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  meta: RequestMeta = {},
): Promise<{ deleted: true }> {
  assertAdmin(viewer);
  const s = await unsafeLoadCallbackConnector(db, connectorId);
  try {
    await callOapi(s, '/call_back/delete_call_back', undefined, { method: 'GET' });
  } catch (error) {
    callbackRefusal(error, 'errors:callbackRegistration.deleteFailed');
  }
  await recordConnectorAudit(db, viewer, 'connector.dingtalk_callback.delete', connectorId, {}, meta);
  return { deleted: true };
}
