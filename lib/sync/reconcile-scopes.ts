import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances, processSettings } from '@/db/schema';
import type { AdapterContext, SourceAdapter } from '@/lib/connectors/types';

/**
 * The process codes (or Yida forms) whose recent instances reconciliation and resync list to catch missed
 * creates: the adapter's own scopes, else the connector's configured `processCodes`, else — "all processes" —
 * every process code Huiban has seen from this connector or has a mapping for. Processes the mapping excludes
 * are left out. Without this fallback a DingTalk connector with no configured codes never repaired an instance
 * whose every event had been lost or dead-lettered (found by `npm run chaos -- --fail-source`).
 */
export async function reconcileScopes(
  db: Db,
  adapter: SourceAdapter,
  ctx: AdapterContext,
): Promise<string[]> {
  const connectorId = ctx.connector.id;
  const configured =
    adapter.reconcileScopes?.(ctx) ?? (ctx.connector.config.processCodes as string[] | undefined) ?? [];
  const [seen, settings] = await Promise.all([
    configured.length
      ? Promise.resolve([])
      : db
          .selectDistinct({ processCode: processInstances.processCode })
          .from(processInstances)
          .where(eq(processInstances.connectorId, connectorId)),
    db
      .select({ processCode: processSettings.processCode, included: processSettings.included })
      .from(processSettings)
      .where(eq(processSettings.connectorId, connectorId)),
  ]);
  const excluded = new Set(settings.filter((s) => !s.included).map((s) => s.processCode));
  const codes = configured.length
    ? configured
    : [
        ...seen.map((s) => s.processCode),
        ...settings.filter((s) => s.included).map((s) => s.processCode),
      ].filter((c): c is string => !!c);
  return [...new Set(codes)].filter((c) => !excluded.has(c));
}
