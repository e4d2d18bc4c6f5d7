import { env } from '@/lib/env';
import type { ConnectorDescriptor } from '../descriptor';
import { yidaAdapter } from './adapter';
import { createYidaConnectorSchema, updateYidaConnectorSchema } from './admin-input';
import { type YidaConnectorView, yidaConnectorView } from './admin-view';
import { createYidaConnectorAsAdmin, updateYidaConnectorAsAdmin } from './save-yida-connector';
import { testYidaConnectorAsAdmin } from './test-yida-connector';

/** Yida (宜搭) forms and processes (docs/yida-connector.md): integration-center pushes plus the OpenAPI. */
export const yidaDescriptor: ConnectorDescriptor<'yida', YidaConnectorView> = {
  commentWriteBack: { files: false, mentions: true },
  kind: 'yida',
  adapter: yidaAdapter,
  admin: {
    inputSchema: { create: createYidaConnectorSchema, update: updateYidaConnectorSchema },
    create: (db, viewer, input, meta) => createYidaConnectorAsAdmin(db, viewer, input as never, meta),
    update: (db, viewer, id, input, meta) => updateYidaConnectorAsAdmin(db, viewer, id, input as never, meta),
    test: (db, viewer, id) => testYidaConnectorAsAdmin(db, viewer, id),
    toView: yidaConnectorView,
    formDefaults: () => ({ apiBase: env().YIDA_API_BASE, oapiBase: env().DINGTALK_OAPI_BASE }),
  },
  meteredApi: true,
  noticeLinksToSource: true,
};
