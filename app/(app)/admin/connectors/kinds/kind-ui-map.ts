import type { ConnectorKind } from '@/lib/connectors/kinds';
import { apiUi } from './api/api-ui';
import { dingtalkUi } from './dingtalk/dingtalk-ui';
import type { KindUi } from './kind-ui';
import { localUi } from './local/local-ui';
import { yidaUi } from './yida/yida-ui';

/** Every kind's admin UI; the connector pages index it instead of comparing kind names. */
const KIND_UI: { [K in ConnectorKind]: KindUi<K> } = {
  dingtalk: dingtalkUi,
  yida: yidaUi,
  local: localUi,
  api: apiUi,
};

/** The UI of a connector's kind, typed for any connector of it. */
export function kindUi(kind: ConnectorKind): KindUi {
  return KIND_UI[kind] as unknown as KindUi;
}

/** The kinds admins create from the UI, in the schema's order, with their create parts. */
export function creatableKindUis(): { kind: ConnectorKind; create: NonNullable<KindUi['create']> }[] {
  return (Object.keys(KIND_UI) as ConnectorKind[]).flatMap((kind) => {
    const create = kindUi(kind).create;
    return create ? [{ kind, create }] : [];
  });
}
