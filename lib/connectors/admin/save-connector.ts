import type { Db } from '@/db/client';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { isAdminUnsupported } from '../descriptor';
import type { AuditMeta } from '../record-connector-audit';
import { connectorKindsWhere, findDescriptor } from '../registry/registry';
import { descriptorOfConnector } from './connector-kind-of';
import type { ConnectorDetail } from './connector-view';

/** What `kind` may name in a create body: the kinds whose descriptor can create. */
function creatableKinds() {
  return connectorKindsWhere((d) => !isAdminUnsupported(d.admin.create));
}

/**
 * Creates a connector of the kind the body names (`{ kind, … }`; without `kind`, the descriptor marked
 * `isDefaultCreateKind`). The kind's descriptor validates the rest of the body and answers its admin view.
 */
export async function createConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  body: Record<string, unknown>,
  meta: AuditMeta = {},
): Promise<ConnectorDetail & { callbackSecret?: string }> {
  assertAdmin(viewer);
  const { kind = connectorKindsWhere((d) => d.isDefaultCreateKind === true)[0], ...rest } = body;
  const descriptor = findDescriptor(kind);
  const create = descriptor?.admin.create;
  if (!create || isAdminUnsupported(create)) {
    const message = create?.unsupported.message ?? `不支持的连接器类型 ${String(kind).slice(0, 20)}`;
    throw new AppError('validation_failed', message, {
      issues: [{ path: 'body.kind', message: `只能是 ${creatableKinds().join('、')}` }],
    });
  }
  return (await create(db, viewer, rest, meta)) as ConnectorDetail & { callbackSecret?: string };
}

/** Updates a connector with the rules of its stored kind; 404 when unknown or when its kind is not edited here. */
export async function updateConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  body: Record<string, unknown>,
  meta: AuditMeta = {},
): Promise<ConnectorDetail> {
  assertAdmin(viewer);
  const { update } = (await descriptorOfConnector(db, connectorId)).admin;
  if (isAdminUnsupported(update)) throw new AppError(update.unsupported.code, update.unsupported.message);
  return (await update(db, viewer, connectorId, body, meta)) as ConnectorDetail;
}
