import type { KindUi } from '../kind-ui';
import { NewYidaConnectorForm } from './NewYidaConnectorForm';
import { YidaNotes } from './YidaNotes';
import { YidaSettingsCard } from './YidaSettingsCard';

export const yidaUi: KindUi<'yida'> = {
  label: 'yida:kind',
  receiveMode: () => 'connectors:mode.yidaPush',
  hasDetailPage: true,
  create: {
    buttonLabel: 'yida:new',
    href: '/admin/connectors/new?kind=yida',
    segmentLabel: 'yida:kind',
    title: 'yida:new',
    Form: NewYidaConnectorForm,
  },
  detail: {
    Notes: YidaNotes,
    testSuccess: 'connectors:test.yida',
    Side: YidaSettingsCard,
  },
  healthPushKey: 'health.yidaPush',
};
