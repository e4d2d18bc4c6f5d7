import { apiAdapter } from './api/adapter';
import { dingtalkAdapter } from './dingtalk/adapter';
import { localAdapter } from './local/adapter';
import type { ConnectorKind, SourceAdapter } from './types';
import { yidaAdapter } from './yida/adapter';

/** The one place that knows every source kind (design.md: only the registry imports the adapters). */
const ADAPTERS: Partial<Record<ConnectorKind, SourceAdapter>> = {
  dingtalk: dingtalkAdapter,
  yida: yidaAdapter,
  api: apiAdapter,
  local: localAdapter,
};

export function getAdapter(kind: ConnectorKind): SourceAdapter {
  const adapter = ADAPTERS[kind];
  if (!adapter) throw new Error(`no adapter for connector kind ${kind}`);
  return adapter;
}
