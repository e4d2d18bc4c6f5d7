import { adminUnsupported, type ConnectorDescriptor } from '../descriptor';
import { type NoKindView, noKindView } from '../detail-base';
import { localAdapter } from './adapter';

/** Huiban's own workflow engine (docs/local-workflows.md): one connector the system creates; nothing to test. */
export const localDescriptor: ConnectorDescriptor<'local', NoKindView> = {
  commentWriteBack: { files: true, mentions: true, isHuiban: true },
  kind: 'local',
  adapter: localAdapter,
  admin: {
    inputSchema: { create: null, update: null },
    create: adminUnsupported('bad_request', '本地流程连接器由系统创建'),
    update: adminUnsupported('not_found', '本地流程连接器不在这里编辑，请在流程设计中修改'),
    test: adminUnsupported('not_found', '本地流程连接器没有可测试的连接'),
    toView: noKindView,
  },
  slaAutoAct: true,
};
