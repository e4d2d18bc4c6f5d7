import type { KindUi } from '../kind-ui';
import { NewYidaConnectorForm } from './NewYidaConnectorForm';
import { YidaNotes } from './YidaNotes';
import { YidaSettingsCard } from './YidaSettingsCard';

export const yidaUi: KindUi<'yida'> = {
  label: '宜搭',
  receiveMode: () => '集成中心推送',
  hasDetailPage: true,
  create: {
    buttonLabel: '新建宜搭连接器',
    href: '/admin/connectors/new?kind=yida',
    segmentLabel: (t) => t('yida.kind'),
    title: (t) => t('yida.new'),
    Form: NewYidaConnectorForm,
  },
  detail: {
    Notes: YidaNotes,
    testSuccess: (ms) => `连接成功：已获取 access token 并校验 systemToken（${ms} ms）`,
    Side: YidaSettingsCard,
  },
  healthPushKey: 'health.yidaPush',
};
