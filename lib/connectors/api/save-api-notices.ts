import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import { type ApiNoticesView, type SaveApiNoticesInput, saveApiNoticesSchema } from './admin-input';
import { loadApiConnectorAsAdmin } from './load-api-connector';

/** Sets how an `api` connector's tasks are announced in DingTalk (work notices, 待办 mirror, which DingTalk app). */
export async function saveApiNoticesAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  input: SaveApiNoticesInput,
  meta: AuditMeta = {},
): Promise<ApiNoticesView> {
  const notices = saveApiNoticesSchema.parse(input);
  if ((notices.announce || notices.mirrorTodo || notices.approvalCentre) && !notices.dingtalkConnectorId)
    throw new AppError('bad_request', '请选择发送通知的钉钉连接器');
  return db.transaction(async (tx) => {
    const connector = await loadApiConnectorAsAdmin(tx, viewer, connectorId);
    if (notices.dingtalkConnectorId) {
      const [sender] = await tx
        .select({ kind: connectors.kind })
        .from(connectors)
        .where(eq(connectors.id, notices.dingtalkConnectorId));
      if (sender?.kind !== 'dingtalk') throw new AppError('bad_request', '发送通知的连接器必须是钉钉连接器');
    }
    await tx
      .update(connectors)
      .set({ config: sql`${connectors.config} || ${JSON.stringify({ notices })}::jsonb` })
      .where(eq(connectors.id, connector.id));
    await recordConnectorAudit(tx, viewer, 'connector.notices.update', connectorId, notices, meta);
    return notices;
  });
}
