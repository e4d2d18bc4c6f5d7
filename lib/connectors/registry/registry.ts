import { apiDescriptor } from '../api/descriptor';
import type { ConnectorDescriptor } from '../descriptor';
import { dingtalkDescriptor } from '../dingtalk/descriptor';
import type { ConnectorKind } from '../kinds';
import { localDescriptor } from '../local/descriptor';
import type { SourceAdapter } from '../types';
import { yidaDescriptor } from '../yida/descriptor';

/**
 * The one place that knows every source kind (design.md "A source kind is a plug-in"): a kind in the schema's
 * enum without a descriptor here is a type error.
 */
export const CONNECTOR_DESCRIPTORS = {
  dingtalk: dingtalkDescriptor,
  yida: yidaDescriptor,
  local: localDescriptor,
  api: apiDescriptor,
} satisfies { [K in ConnectorKind]: ConnectorDescriptor<K> };

export function getDescriptor(kind: ConnectorKind): ConnectorDescriptor {
  return CONNECTOR_DESCRIPTORS[kind];
}

/** A kind named by outside input (a request body), or undefined when no such kind exists. */
export function findDescriptor(kind: unknown): ConnectorDescriptor | undefined {
  return typeof kind === 'string' && Object.hasOwn(CONNECTOR_DESCRIPTORS, kind)
    ? CONNECTOR_DESCRIPTORS[kind as ConnectorKind]
    : undefined;
}

export function getAdapter(kind: ConnectorKind): SourceAdapter {
  return getDescriptor(kind).adapter;
}

/** The kinds with a capability, e.g. `connectorKindsWhere((d) => d.adapter.listDirectory !== undefined)`. */
export function connectorKindsWhere(has: (descriptor: ConnectorDescriptor) => boolean): ConnectorKind[] {
  return Object.values(CONNECTOR_DESCRIPTORS)
    .filter((d) => has(d))
    .map((d) => d.kind);
}
