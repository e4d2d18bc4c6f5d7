import { isAdminUnsupported } from '../descriptor';
import type { ConnectorKind } from '../kinds';
import { connectorKindsWhere, findDescriptor, getDescriptor } from '../registry/registry';

/** The hosts a kind's admin form shows for empty host fields; null for kinds without host settings. */
export function connectorFormDefaults(kind: ConnectorKind): { apiBase: string; oapiBase: string } | null {
  return getDescriptor(kind).admin.formDefaults?.() ?? null;
}

/** The kind "新建连接器" opens for `?kind=`: a kind admins can create, else the default create kind. */
export function resolveNewConnectorKind(kind: unknown): ConnectorKind {
  const descriptor = findDescriptor(kind);
  if (descriptor && !isAdminUnsupported(descriptor.admin.create)) return descriptor.kind;
  const [fallback] = connectorKindsWhere((d) => d.isDefaultCreateKind === true);
  if (!fallback) throw new Error('no connector kind is marked isDefaultCreateKind');
  return fallback;
}
