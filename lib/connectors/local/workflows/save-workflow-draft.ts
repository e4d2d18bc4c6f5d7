import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workflowDefinitions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey } from '@/lib/crypto/secrets';
import { AppError } from '@/lib/errors';
import { sealWebhookHeaders } from '../webhook-headers';
import type { SaveWorkflowDraftInput } from './workflow-input';
import { loadDefinitionOrThrow, toWorkflowDetail, type WorkflowDetail } from './workflow-view';

/**
 * An admin saves the designer's state: basic info and starters take effect at once (they are not versioned),
 * the body is kept as the draft (valid or not; the answer lists its problems). Running instances and the
 * published version are untouched. Audited.
 */
export async function saveWorkflowDraftAsAdmin(
  db: Db,
  admin: Viewer,
  definitionId: string,
  input: SaveWorkflowDraftInput,
  meta: RequestMeta = {},
): Promise<WorkflowDetail> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    const existing = await loadDefinitionOrThrow(tx, definitionId);
    // Webhook header values are write-only: sealed here, masked in every answer ("unchanged" keeps them).
    const draft = sealWebhookHeaders(input.draft, existing.draft, definitionId, getSecretsKey);
    const [row] = await tx
      .update(workflowDefinitions)
      .set({
        name: input.name,
        description: input.description ?? null,
        category: input.category || null,
        starters: input.starters,
        draft,
      })
      .where(eq(workflowDefinitions.id, definitionId))
      .returning();
    if (!row) throw new AppError('not_found', '流程不存在');
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'workflow.save_draft',
      targetType: 'workflow_definition',
      targetId: definitionId,
      details: { name: input.name, starters: input.starters },
      ...meta,
    });
    return toWorkflowDetail(tx, row);
  });
}
