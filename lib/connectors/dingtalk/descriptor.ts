import { env } from '@/lib/env';
import type { ConnectorDescriptor } from '../descriptor';
import { dingtalkAdapter } from './adapter';
import { createDingTalkConnectorSchema, updateDingTalkConnectorSchema } from './admin-input';
import { type DingTalkConnectorView, dingtalkConnectorView } from './admin-view';
import { dingtalkConnectTrigger } from './push-connect-trigger';
import { createDingTalkConnectorAsAdmin, updateDingTalkConnectorAsAdmin } from './save-dingtalk-connector';
import { testDingTalkConnectorAsAdmin } from './test-dingtalk-connector';

/** DingTalk OA approvals (docs/dingtalk-connector.md): Stream or HTTP callbacks, the open API, connect triggers. */
export const dingtalkDescriptor: ConnectorDescriptor<'dingtalk', DingTalkConnectorView> = {
  commentWriteBack: { files: true, mentions: false },
  kind: 'dingtalk',
  adapter: dingtalkAdapter,
  admin: {
    inputSchema: { create: createDingTalkConnectorSchema, update: updateDingTalkConnectorSchema },
    create: (db, viewer, input, meta) => createDingTalkConnectorAsAdmin(db, viewer, input as never, meta),
    update: (db, viewer, id, input, meta) =>
      updateDingTalkConnectorAsAdmin(db, viewer, id, input as never, meta),
    test: (db, viewer, id) => testDingTalkConnectorAsAdmin(db, viewer, id),
    toView: dingtalkConnectorView,
    formDefaults: () => ({ apiBase: env().DINGTALK_API_BASE, oapiBase: env().DINGTALK_OAPI_BASE }),
  },
  // The admin API created DingTalk connectors before it knew other kinds; a body without `kind` still does.
  isDefaultCreateKind: true,
  usesStream: (config) => config.deliveryMode !== 'http',
  meteredApi: true,
  noticeLinksToSource: true,
  connectTrigger: dingtalkConnectTrigger,
};
