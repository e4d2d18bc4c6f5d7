import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workflowDefinitions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import type { CreateWorkflowInput } from './workflow-input';
import { toWorkflowDetail, type WorkflowDetail } from './workflow-view';

/** The draft a new definition starts with: an empty form and no steps (not publishable until edited). */
export const EMPTY_DRAFT = {
  form: { fields: [] },
  steps: [],
  options: { mirrorTodoConnectorId: null, notifyAssignee: false },
};

/** An admin creates a definition (unpublished, open to everyone); audited. */
export async function createWorkflowAsAdmin(
  db: Db,
  admin: Viewer,
  input: CreateWorkflowInput,
  meta: RequestMeta = {},
): Promise<WorkflowDetail> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: workflowDefinitions.id })
      .from(workflowDefinitions)
      .where(eq(workflowDefinitions.key, input.key))
      .limit(1);
    if (taken)
      throw new AppError('conflict', `标识已被使用：${input.key}`, {
        issues: [{ path: 'body.key', message: '标识已被使用' }],
      });
    const [row] = await tx
      .insert(workflowDefinitions)
      .values({
        key: input.key,
        name: input.name,
        description: input.description ?? null,
        category: input.category || null,
        draft: EMPTY_DRAFT,
        starters: { all: true },
        createdBy: admin.userId,
      })
      .onConflictDoNothing({ target: workflowDefinitions.key })
      .returning();
    if (!row) throw new AppError('conflict', `标识已被使用：${input.key}`);
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'workflow.create',
      targetType: 'workflow_definition',
      targetId: row.id,
      details: { key: row.key, name: row.name },
      ...meta,
    });
    return toWorkflowDetail(tx, row);
  });
}
