import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { connectors, type SameApprovalRule, sameApprovalRules } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';

const side = {
  connectorId: z.uuid(),
  /** The process code, or the process name for sources without codes (the open API). */
  processCode: z.string().trim().min(1).max(200),
  field: z.string().trim().min(1).max(200),
};

/**
 * "One task for one approval", rule kind: an instance of process A whose field X equals field Y of an
 * instance of process B is the same approval; A is primary. Applied to instances as they are written from then on.
 * The one input of both creating and editing a rule (`enabled` defaults to on).
 */
export const sameApprovalRuleInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  a: z.strictObject(side),
  b: z.strictObject(side),
  enabled: z.boolean().optional(),
});
export type SameApprovalRuleInput = z.input<typeof sameApprovalRuleInputSchema>;

/** How many of a rule's links the list shows (the newest); `linked.total` counts them all. */
export const RULE_LINKS_SHOWN = 5;

export type SameApprovalRuleLink = {
  /** The value both fields had: the approval's reference. */
  value: string;
  primary: { instanceId: string; title: string };
  twin: { instanceId: string; title: string };
  linkedAt: string;
};

export type SameApprovalRuleView = {
  id: string;
  name: string;
  a: { connectorId: string; connectorName: string; processCode: string; field: string };
  b: { connectorId: string; connectorName: string; processCode: string; field: string };
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** The pairs this rule linked (links stay when the rule is edited or deleted). */
  linked: { total: number; recent: SameApprovalRuleLink[] };
};

/** What the rule form offers: every connector, and per connector the processes seen with their field names. */
export type SameApprovalRuleChoices = {
  connectors: {
    id: string;
    name: string;
    kind: string;
    /** `code`: what a rule names the process by (its code, else its name); `fields`: the latest instance's fields. */
    processes: { code: string; name: string | null; fields: string[] }[];
  }[];
};

const RULE_PREFIX = 'rule:';

/** The rules with their connectors' names and the pairs each linked, newest rule first. */
export async function listSameApprovalRulesAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
): Promise<{ items: SameApprovalRuleView[] }> {
  assertAdmin(viewer);
  const rows = await db.select().from(sameApprovalRules).orderBy(desc(sameApprovalRules.createdAt));
  if (rows.length === 0) return { items: [] };
  const names = new Map(
    (await db.select({ id: connectors.id, name: connectors.name }).from(connectors)).map((c) => [
      c.id,
      c.name,
    ]),
  );
  const links = await listRuleLinks(db);
  return {
    items: rows.map((r) => view(r, names, links.get(r.id) ?? { total: 0, recent: [] })),
  };
}

/**
 * The pairs every rule linked, for the whole list in one statement: a rule's links carry its id in their key
 * (`rule:<rule id>:<value>`, lib/tasks/write/link-same-approval.ts); the newest RULE_LINKS_SHOWN per rule.
 */
async function listRuleLinks(
  db: DbOrTx,
): Promise<Map<string, { total: number; recent: SameApprovalRuleLink[] }>> {
  const rows = await db.execute<{
    rule_id: string;
    total: number;
    value: string;
    primary_id: string;
    primary_title: string;
    twin_id: string;
    twin_title: string;
    linked_at: string | Date;
  }>(sql`
    SELECT rule_id, total::int AS total, value, primary_id, primary_title, twin_id, twin_title, linked_at
    FROM (
      SELECT split_part(l.key, ':', 2) AS rule_id,
        substr(l.key, length(split_part(l.key, ':', 2)) + ${RULE_PREFIX.length + 2}) AS value,
        l.primary_instance_id AS primary_id, p.title AS primary_title,
        l.twin_instance_id AS twin_id, tw.title AS twin_title, l.created_at AS linked_at,
        count(*) OVER (PARTITION BY split_part(l.key, ':', 2)) AS total,
        row_number() OVER (PARTITION BY split_part(l.key, ':', 2) ORDER BY l.created_at DESC, l.id) AS n
      FROM same_approval_links l
      JOIN process_instances p ON p.id = l.primary_instance_id
      JOIN process_instances tw ON tw.id = l.twin_instance_id
      WHERE l.reason = 'rule' AND l.key LIKE ${`${RULE_PREFIX}%`}
    ) x
    WHERE n <= ${RULE_LINKS_SHOWN}
    ORDER BY rule_id, n`);
  const byRule = new Map<string, { total: number; recent: SameApprovalRuleLink[] }>();
  for (const r of rows) {
    const entry = byRule.get(r.rule_id) ?? { total: Number(r.total), recent: [] };
    entry.recent.push({
      value: r.value,
      primary: { instanceId: r.primary_id, title: r.primary_title },
      twin: { instanceId: r.twin_id, title: r.twin_title },
      linkedAt: new Date(r.linked_at).toISOString(),
    });
    byRule.set(r.rule_id, entry);
  }
  return byRule;
}

/**
 * The rule form's choices: every connector and the processes Huiban has seen from it, named as the rules match
 * them (the code, else the name), with the form fields of each process's latest instance.
 */
export async function listSameApprovalRuleChoicesAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
): Promise<SameApprovalRuleChoices> {
  assertAdmin(viewer);
  const all = await db
    .select({ id: connectors.id, name: connectors.name, kind: sql<string>`${connectors.kind}::text` })
    .from(connectors)
    .orderBy(connectors.name);
  const processes = await db.execute<{
    connector_id: string;
    code: string;
    name: string | null;
    fields: string[];
  }>(sql`
    SELECT latest.connector_id, latest.code, latest.process_name AS name,
      coalesce((SELECT array_agg(fv->>'name' ORDER BY n) FROM jsonb_array_elements(latest.form_values)
        WITH ORDINALITY AS f(fv, n) WHERE fv->>'name' IS NOT NULL), '{}') AS fields
    FROM (
      SELECT DISTINCT ON (connector_id, coalesce(process_code, process_name))
        connector_id, coalesce(process_code, process_name) AS code, process_name, form_values
      FROM process_instances WHERE coalesce(process_code, process_name) IS NOT NULL
      ORDER BY connector_id, coalesce(process_code, process_name), source_created_at DESC
    ) latest
    ORDER BY latest.connector_id, latest.code`);
  return {
    connectors: all.map((c) => ({
      ...c,
      processes: processes
        .filter((p) => p.connector_id === c.id)
        .map((p) => ({ code: p.code, name: p.name, fields: p.fields })),
    })),
  };
}

/** A new rule; 400 when both sides name one process or a connector is unknown, 409 when it exists already. */
export async function createSameApprovalRuleAsAdmin(
  db: Db,
  viewer: Viewer,
  input: SameApprovalRuleInput,
  meta: RequestMeta = {},
): Promise<SameApprovalRuleView> {
  assertAdmin(viewer);
  return writeRule(db, viewer, { ruleId: null, input }, meta);
}

/**
 * An edited rule, validated as a new one is. Instances written from then on get the edited rule's keys; the pairs
 * it linked before stay linked (as when it is deleted). 404 when unknown.
 */
export async function updateSameApprovalRuleAsAdmin(
  db: Db,
  viewer: Viewer,
  ruleId: string,
  input: SameApprovalRuleInput,
  meta: RequestMeta = {},
): Promise<SameApprovalRuleView> {
  assertAdmin(viewer);
  if (!z.uuid().safeParse(ruleId).success) throw new AppError('not_found', 'sameApproval:error.notFound');
  return writeRule(db, viewer, { ruleId, input }, meta);
}

/** The one write path of a rule, new or edited: the same checks, the row, the audit entry, in one transaction. */
async function writeRule(
  db: Db,
  viewer: Viewer,
  { ruleId, input }: { ruleId: string | null; input: SameApprovalRuleInput },
  meta: RequestMeta,
): Promise<SameApprovalRuleView> {
  const rule = sameApprovalRuleInputSchema.parse(input);
  if (rule.a.connectorId === rule.b.connectorId && rule.a.processCode === rule.b.processCode)
    throw new AppError('bad_request', 'sameApproval:error.sameProcess');
  const values = {
    name: rule.name,
    aConnectorId: rule.a.connectorId,
    aProcessCode: rule.a.processCode,
    aField: rule.a.field,
    bConnectorId: rule.b.connectorId,
    bProcessCode: rule.b.processCode,
    bField: rule.b.field,
    ...(rule.enabled !== undefined ? { enabled: rule.enabled } : {}),
  };
  return db.transaction(async (tx) => {
    // Rule writes one at a time: an edit's duplicate check cannot miss a rule created at the same moment.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('same-approval-rules'))`);
    for (const id of [rule.a.connectorId, rule.b.connectorId]) {
      const [known] = await tx.select({ id: connectors.id }).from(connectors).where(eq(connectors.id, id));
      if (!known) throw new AppError('bad_request', 'errors:notFound.connector');
    }
    const row = ruleId ? await updateRow(tx, ruleId, values) : await insertRow(tx, values);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: ruleId ? 'same_approval_rule.update' : 'same_approval_rule.create',
      targetType: 'same_approval_rule',
      targetId: row.id,
      details: rule,
      ...meta,
    });
    const names = new Map(
      (
        await tx
          .select({ id: connectors.id, name: connectors.name })
          .from(connectors)
          .where(inArray(connectors.id, [row.aConnectorId, row.bConnectorId]))
      ).map((c) => [c.id, c.name]),
    );
    return view(row, names, (await listRuleLinks(tx)).get(row.id) ?? { total: 0, recent: [] });
  });
}

type RuleValues = Omit<typeof sameApprovalRules.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

async function insertRow(tx: Tx, values: RuleValues): Promise<SameApprovalRule> {
  const [row] = await tx.insert(sameApprovalRules).values(values).onConflictDoNothing().returning();
  if (!row) throw new AppError('conflict', 'sameApproval:error.duplicate');
  return row;
}

async function updateRow(tx: Tx, ruleId: string, values: RuleValues): Promise<SameApprovalRule> {
  const [known] = await tx
    .select({ id: sameApprovalRules.id })
    .from(sameApprovalRules)
    .where(eq(sameApprovalRules.id, ruleId));
  if (!known) throw new AppError('not_found', 'sameApproval:error.notFound');
  const [same] = await tx
    .select({ id: sameApprovalRules.id })
    .from(sameApprovalRules)
    .where(
      and(
        eq(sameApprovalRules.aConnectorId, values.aConnectorId),
        eq(sameApprovalRules.aProcessCode, values.aProcessCode),
        eq(sameApprovalRules.aField, values.aField),
        eq(sameApprovalRules.bConnectorId, values.bConnectorId),
        eq(sameApprovalRules.bProcessCode, values.bProcessCode),
        eq(sameApprovalRules.bField, values.bField),
      ),
    );
  if (same && same.id !== ruleId) throw new AppError('conflict', 'sameApproval:error.duplicate');
  const [row] = await tx
    .update(sameApprovalRules)
    .set(values)
    .where(eq(sameApprovalRules.id, ruleId))
    .returning();
  if (!row) throw new AppError('not_found', 'sameApproval:error.notFound');
  return row;
}

export async function deleteSameApprovalRuleAsAdmin(
  db: Db,
  viewer: Viewer,
  ruleId: string,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(viewer);
  if (!z.uuid().safeParse(ruleId).success) throw new AppError('not_found', 'sameApproval:error.notFound');
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(sameApprovalRules).where(eq(sameApprovalRules.id, ruleId)).returning();
    if (!row) throw new AppError('not_found', 'sameApproval:error.notFound');
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'same_approval_rule.delete',
      targetType: 'same_approval_rule',
      targetId: ruleId,
      details: { name: row.name },
      ...meta,
    });
  });
}

function view(
  r: SameApprovalRule,
  names: Map<string, string>,
  linked: SameApprovalRuleView['linked'],
): SameApprovalRuleView {
  return {
    id: r.id,
    name: r.name,
    a: {
      connectorId: r.aConnectorId,
      connectorName: names.get(r.aConnectorId) ?? '',
      processCode: r.aProcessCode,
      field: r.aField,
    },
    b: {
      connectorId: r.bConnectorId,
      connectorName: names.get(r.bConnectorId) ?? '',
      processCode: r.bProcessCode,
      field: r.bField,
    },
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    linked,
  };
}
