import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
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
 */
export const sameApprovalRuleInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  a: z.strictObject(side),
  b: z.strictObject(side),
});
export type SameApprovalRuleInput = z.input<typeof sameApprovalRuleInputSchema>;

export type SameApprovalRuleView = {
  id: string;
  name: string;
  a: { connectorId: string; processCode: string; field: string };
  b: { connectorId: string; processCode: string; field: string };
  enabled: boolean;
  createdAt: string;
};

function view(r: SameApprovalRule): SameApprovalRuleView {
  return {
    id: r.id,
    name: r.name,
    a: { connectorId: r.aConnectorId, processCode: r.aProcessCode, field: r.aField },
    b: { connectorId: r.bConnectorId, processCode: r.bProcessCode, field: r.bField },
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listSameApprovalRulesAsAdmin(
  db: Db,
  viewer: Viewer,
): Promise<{ items: SameApprovalRuleView[] }> {
  assertAdmin(viewer);
  const rows = await db.select().from(sameApprovalRules).orderBy(desc(sameApprovalRules.createdAt));
  return { items: rows.map(view) };
}

export async function createSameApprovalRuleAsAdmin(
  db: Db,
  viewer: Viewer,
  input: SameApprovalRuleInput,
  meta: RequestMeta = {},
): Promise<SameApprovalRuleView> {
  assertAdmin(viewer);
  const rule = sameApprovalRuleInputSchema.parse(input);
  if (rule.a.connectorId === rule.b.connectorId && rule.a.processCode === rule.b.processCode)
    throw new AppError('bad_request', '规则的两侧必须是不同的流程');
  return db.transaction(async (tx) => {
    for (const id of [rule.a.connectorId, rule.b.connectorId]) {
      const [known] = await tx.select({ id: connectors.id }).from(connectors).where(eq(connectors.id, id));
      if (!known) throw new AppError('bad_request', '连接器不存在');
    }
    const [row] = await tx
      .insert(sameApprovalRules)
      .values({
        name: rule.name,
        aConnectorId: rule.a.connectorId,
        aProcessCode: rule.a.processCode,
        aField: rule.a.field,
        bConnectorId: rule.b.connectorId,
        bProcessCode: rule.b.processCode,
        bField: rule.b.field,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', '相同的规则已存在');
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'same_approval_rule.create',
      targetType: 'same_approval_rule',
      targetId: row.id,
      details: rule,
      ...meta,
    });
    return view(row);
  });
}

export async function deleteSameApprovalRuleAsAdmin(
  db: Db,
  viewer: Viewer,
  ruleId: string,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(viewer);
  if (!z.uuid().safeParse(ruleId).success) throw new AppError('not_found', '规则不存在');
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(sameApprovalRules).where(eq(sameApprovalRules.id, ruleId)).returning();
    if (!row) throw new AppError('not_found', '规则不存在');
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
