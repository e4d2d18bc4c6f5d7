import { count, desc, eq, isNotNull, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import {
  connectors,
  dingtalkTemplateSchemas,
  processInstances,
  processSettings,
  type TemplateSchemaChanges,
} from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { slaAutoActKinds } from '@/lib/connectors/registry/capabilities';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { type ProcessSlaRule, processSlaSchema } from '@/lib/sla/sla-rule';

export type ProcessSettingRow = {
  connectorId: string;
  connectorName: string;
  source: string;
  processCode: string;
  processName: string | null;
  instances: number;
  lastSeenAt: string | null;
  batchApprovable: boolean;
  /** The mapping (docs/identities.md): included or not, display name, category, summary fields. */
  included: boolean;
  displayName: string | null;
  category: string | null;
  summaryFields: string[];
  /** Form field labels of the latest instance: what the summary may be made of. */
  formFields: string[];
  /**
   * The source template's form changed since an admin last accepted it (DingTalk, by schema hash): what changed
   * and since when; null when unchanged or not tracked.
   */
  templateChange: { changes: TemplateSchemaChanges | null; staleSince: string } | null;
  /** Huiban keeps this process's template schema (DingTalk templates): it can be checked now. */
  templateTracked: boolean;
  /** The process's due time and escalation rules (docs/sla.md); null = none. */
  sla: ProcessSlaRule | null;
  /** Whether an escalation may transfer or act on this source's tasks (Huiban runs its flow). */
  slaCanAutoAct: boolean;
};

/**
 * Every process Huiban has seen (by connector + process code) and every process an admin mapped before it
 * was seen (e.g. excluded ahead), with its settings.
 */
export async function listProcessSettings(db: DbOrTx): Promise<ProcessSettingRow[]> {
  const seen = await db
    .select({
      connectorId: processInstances.connectorId,
      connectorName: connectors.name,
      source: sql<string>`${connectors.kind}::text`,
      processCode: sql<string>`${processInstances.processCode}`,
      processName: max(processInstances.processName),
      instances: count(),
      lastSeenAt: max(processInstances.sourceCreatedAt),
    })
    .from(processInstances)
    .innerJoin(connectors, eq(connectors.id, processInstances.connectorId))
    .where(isNotNull(processInstances.processCode))
    .groupBy(processInstances.connectorId, connectors.name, connectors.kind, processInstances.processCode)
    .orderBy(desc(count()));
  const settings = await db
    .select({
      setting: processSettings,
      connectorName: connectors.name,
      source: sql<string>`${connectors.kind}::text`,
    })
    .from(processSettings)
    .innerJoin(connectors, eq(connectors.id, processSettings.connectorId));
  const fields = await db.execute<{ connector_id: string; process_code: string; names: string[] }>(sql`
    SELECT latest.connector_id, latest.process_code,
      coalesce((SELECT array_agg(fv->>'name' ORDER BY n) FROM jsonb_array_elements(latest.form_values)
        WITH ORDINALITY AS f(fv, n) WHERE fv->>'name' IS NOT NULL), '{}') AS names
    FROM (
      SELECT DISTINCT ON (connector_id, process_code) connector_id, process_code, form_values
      FROM process_instances WHERE process_code IS NOT NULL
      ORDER BY connector_id, process_code, source_created_at DESC
    ) latest`);
  const key = (connectorId: string, code: string) => `${connectorId}:${code}`;
  const trackedRows = await db.select().from(dingtalkTemplateSchemas);
  const tracked = new Set(trackedRows.map((r) => key(r.connectorId, r.processCode)));
  const stale = new Map(
    trackedRows
      .filter((r) => r.staleSince !== null)
      .map((r) => [
        key(r.connectorId, r.processCode),
        { changes: r.changes, staleSince: r.staleSince?.toISOString() ?? '' },
      ]),
  );
  const byKey = new Map(settings.map((r) => [key(r.setting.connectorId, r.setting.processCode), r]));
  const fieldsByKey = new Map(fields.map((f) => [key(f.connector_id, f.process_code), f.names]));
  const autoActKinds = slaAutoActKinds();
  const rows: ProcessSettingRow[] = seen.map((r) => {
    const s = byKey.get(key(r.connectorId, r.processCode))?.setting;
    byKey.delete(key(r.connectorId, r.processCode));
    return {
      ...r,
      lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
      batchApprovable: s?.batchApprovable ?? false,
      included: s?.included ?? true,
      displayName: s?.displayName ?? null,
      category: s?.category ?? null,
      summaryFields: s?.summaryFields ?? [],
      formFields: fieldsByKey.get(key(r.connectorId, r.processCode)) ?? [],
      templateChange: stale.get(key(r.connectorId, r.processCode)) ?? null,
      templateTracked: tracked.has(key(r.connectorId, r.processCode)),
      sla: slaOf(s?.sla),
      slaCanAutoAct: autoActKinds.includes(r.source as never),
    };
  });
  for (const { setting: s, connectorName, source } of byKey.values()) {
    rows.push({
      connectorId: s.connectorId,
      connectorName,
      source,
      processCode: s.processCode,
      processName: null,
      instances: 0,
      lastSeenAt: null,
      batchApprovable: s.batchApprovable,
      included: s.included,
      displayName: s.displayName,
      category: s.category,
      summaryFields: s.summaryFields,
      formFields: [],
      templateChange: stale.get(key(s.connectorId, s.processCode)) ?? null,
      templateTracked: tracked.has(key(s.connectorId, s.processCode)),
      sla: slaOf(s.sla),
      slaCanAutoAct: autoActKinds.includes(source as never),
    });
  }
  return rows;
}

const optionalText = z
  .string()
  .trim()
  .max(100)
  .nullish()
  .transform((v) => (v ? v : null));

/** One process's mapping; fields left out keep their value. */
export const processSettingInputSchema = z.object({
  connectorId: z.uuid(),
  processCode: z.string().trim().min(1).max(200),
  batchApprovable: z.boolean().optional(),
  included: z.boolean().optional(),
  displayName: optionalText.optional(),
  category: optionalText.optional(),
  summaryFields: z.array(z.string().trim().min(1).max(100)).max(10).optional(),
  /** The due time and escalation rules; null removes them. Open tasks' due times are recomputed. */
  sla: processSlaSchema.nullable().optional(),
});
export type ProcessSettingInput = z.input<typeof processSettingInputSchema>;

/** An admin changes one process's mapping (created if new); audited with what changed. */
export async function saveProcessSettingAsAdmin(
  db: Db,
  admin: Viewer,
  raw: ProcessSettingInput,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(admin);
  const { connectorId, processCode, ...changes } = processSettingInputSchema.parse(raw);
  const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  await db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ id: connectors.id })
      .from(connectors)
      .where(eq(connectors.id, connectorId));
    if (!connector) throw new AppError('not_found', 'errors:notFound.connector');
    const insert = tx.insert(processSettings).values({ connectorId, processCode, ...set });
    await (Object.keys(set).length > 0
      ? insert.onConflictDoUpdate({
          target: [processSettings.connectorId, processSettings.processCode],
          set,
        })
      : insert.onConflictDoNothing());
    if (changes.sla !== undefined) await sendJob(tx, 'recompute-due-dates', { connectorId, processCode });
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'process.mapping',
      targetType: 'process',
      targetId: `${connectorId}:${processCode}`,
      details: set,
      ...meta,
    });
  });
}

/** A stored SLA as the current rule schema reads it (defaults filled in); unreadable = none. */
function slaOf(stored: unknown): ProcessSlaRule | null {
  const parsed = processSlaSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
