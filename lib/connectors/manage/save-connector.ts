import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import type { ConnectorDetail } from './connector-view';
import type { AuditMeta } from './record-connector-audit';
import { createDingTalkConnectorAsAdmin, updateDingTalkConnectorAsAdmin } from './save-dingtalk-connector';
import { createYidaConnectorAsAdmin, updateYidaConnectorAsAdmin } from './save-yida-connector';

/** Creates a connector of the kind the body names (`kind`, default `dingtalk`); each kind validates its own body. */
export async function createConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  body: Record<string, unknown>,
  meta: AuditMeta = {},
): Promise<ConnectorDetail> {
  const kind = body.kind ?? 'dingtalk';
  if (kind === 'yida') return createYidaConnectorAsAdmin(db, viewer, body as never, meta);
  if (kind !== 'dingtalk')
    throw new AppError('validation_failed', `不支持的连接器类型 ${String(kind).slice(0, 20)}`, {
      issues: [{ path: 'body.kind', message: '只能是 dingtalk 或 yida' }],
    });
  const { kind: _kind, ...rest } = body;
  return createDingTalkConnectorAsAdmin(db, viewer, rest as never, meta);
}

/** Updates a connector with the rules of its stored kind. */
export async function updateConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  body: Record<string, unknown>,
  meta: AuditMeta = {},
): Promise<ConnectorDetail> {
  assertAdmin(viewer);
  const [row] = await db
    .select({ kind: connectors.kind })
    .from(connectors)
    .where(eq(connectors.id, connectorId))
    .limit(1);
  if (row?.kind === 'yida') return updateYidaConnectorAsAdmin(db, viewer, connectorId, body as never, meta);
  return updateDingTalkConnectorAsAdmin(db, viewer, connectorId, body as never, meta);
}
