import type { KindUi } from '../kind-ui';
import { ApiAccessSection } from './ApiAccessSection';
import { NewApiConnectorForm } from './NewApiConnectorForm';

export const apiUi: KindUi<'api'> = {
  label: '开放 API',
  hasDetailPage: true,
  create: {
    buttonLabel: '新建开放 API 连接器',
    href: '/admin/connectors/new?kind=api',
    segmentLabel: (t) => t('openApi.kind.api'),
    title: (t) => t('openApi.newConnector'),
    Form: NewApiConnectorForm,
  },
  detail: {
    Side: ({ connector, appUrl }) => <ApiAccessSection connectorId={connector.id} appUrl={appUrl} />,
  },
};
