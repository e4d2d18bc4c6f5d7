import { adminUnsupported, type ConnectorDescriptor } from '../descriptor';
import { type NoKindView, noKindView } from '../detail-base';
import { apiAdapter } from './adapter';
import { createApiConnectorSchema } from './admin-input';
import { createApiConnectorAsAdmin } from './create-api-connector';

/** Other systems pushing through the open REST API (docs/open-api.md): keys and a callback, no source to test. */
export const apiDescriptor: ConnectorDescriptor<'api', NoKindView> = {
  kind: 'api',
  adapter: apiAdapter,
  admin: {
    inputSchema: { create: createApiConnectorSchema, update: null },
    create: (db, viewer, input, meta) => createApiConnectorAsAdmin(db, viewer, input as never, meta),
    // Its settings are its keys and its callback (their own admin routes).
    update: adminUnsupported('not_found', '开放 API 连接器没有可编辑的设置，请管理它的 API 密钥和回调'),
    // Nothing to call: the other system calls Huiban.
    test: adminUnsupported('not_found', '开放 API 连接器没有可测试的连接'),
    toView: noKindView,
  },
  acceptsApiKeys: true,
};
