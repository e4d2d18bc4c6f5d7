import type { Connector } from '@/db/schema';
import { buildConnectorDetail, type ConnectorDetailBase } from '../detail-base';
import type { ConnectorKind } from '../kinds';
import { CONNECTOR_DESCRIPTORS } from '../registry/registry';

export type { ConnectorDetailBase };

type ViewOf<K extends ConnectorKind> = ReturnType<(typeof CONNECTOR_DESCRIPTORS)[K]['admin']['toView']>;

/**
 * A connector as the admin API and pages see it: the common fields plus its kind's part, discriminated by
 * `kind` (each kind's descriptor `admin.toView` says what its part holds).
 */
export type ConnectorDetail = { [K in ConnectorKind]: ConnectorDetailBase<K> & ViewOf<K> }[ConnectorKind];

/** The safe view of a row of any kind: secret values are reduced to booleans by the kind's view. */
export function toConnectorDetail(row: Connector): ConnectorDetail {
  const { admin } = CONNECTOR_DESCRIPTORS[row.kind];
  return buildConnectorDetail(row, row.kind, admin.toView) as ConnectorDetail;
}
