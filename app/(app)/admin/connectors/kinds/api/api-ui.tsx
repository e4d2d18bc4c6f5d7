import type { KindUi } from '../kind-ui';
import { ApiAccessSection } from './ApiAccessSection';
import { NewApiConnectorForm } from './NewApiConnectorForm';

export const apiUi: KindUi<'api'> = {
  label: 'openApi:kind.api',
  hasDetailPage: true,
  create: {
    buttonLabel: 'openApi:newConnector',
    href: '/admin/connectors/new?kind=api',
    segmentLabel: 'openApi:kind.api',
    title: 'openApi:newConnector',
    Form: NewApiConnectorForm,
  },
  detail: {
    Side: ({ connector, appUrl }) => <ApiAccessSection connectorId={connector.id} appUrl={appUrl} />,
  },
};
