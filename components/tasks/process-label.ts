'use client';

import type { ConnectorKind } from '@/lib/connectors/kinds';
import { useT } from '@/lib/i18n/locale-context';

/**
 * The process as lists show it: its (display) name, else a readable label naming the source ("未命名的宜搭流程"),
 * never the raw process code (`TPROC--…`), which means nothing to a person.
 */
export function useProcessLabel(): (name: string | null | undefined, source: ConnectorKind) => string {
  const t = useT('source');
  return (name, source) => name || t('unnamedProcess', { source: t(source) });
}
