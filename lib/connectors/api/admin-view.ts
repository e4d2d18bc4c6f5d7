import type { Connector } from '@/db/schema';
import { buildConnectorDetail, type ConnectorDetailBase, noKindView } from '../detail-base';

/** An open-API connector as admins see it: the common fields; keys and callback come from getApiAccessAsAdmin. */
export type ApiConnectorDetail = ConnectorDetailBase<'api'>;

export function toApiConnectorDetail(row: Connector): ApiConnectorDetail {
  return buildConnectorDetail(row, 'api', noKindView);
}
