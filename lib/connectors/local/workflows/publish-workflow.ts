import { eq, max } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workflowDefinitions, workflowVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { workflowBodySchema } from '@/lib/connectors/local/definition-schema';
import { AppError } from '@/lib/errors';
import { toWorkflowDetail, type WorkflowDetail } from './workflow-view';

/**
 * An admin publishes the draft: it must pass workflowBodySchema (400 with issues at `draft.<path>` otherwise,
 * nothing written), then becomes version N+1 and the version new instances start with. Earlier version rows are
 * never touched, so running instances keep theirs. The draft is replaced by the parsed body (defaults filled),
 * so "unpublished changes" compares equal right after publishing. Audited.
 */
export async function publishWorkflowAsAdmin(
  db: Db,
  admin: Viewer,
  definitionId: string,
  meta: RequestMeta = {},
): Promise<WorkflowDetail> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    // Row lock: two admins publishing at once get N+1 and N+2, not a unique-index error.
    const [definition] = await tx
      .select()
      .from(workflowDefinitions)
      .where(eq(workflowDefinitions.id, definitionId))
      .for('update');
    if (!definition) throw new AppError('not_found', '流程不存在');
    const parsed = workflowBodySchema.safeParse(definition.draft);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        path: ['draft', ...i.path.map(String)].join('.'),
        message: i.message,
      }));
      throw new AppError('validation_failed', `草稿有 ${issues.length} 处问题，未发布`, { issues });
    }
    const body = parsed.data;
    const [latest] = await tx
      .select({ version: max(workflowVersions.version) })
      .from(workflowVersions)
      .where(eq(workflowVersions.definitionId, definitionId));
    const version = (latest?.version ?? 0) + 1;
    await tx.insert(workflowVersions).values({
      definitionId,
      version,
      formSchema: body.form,
      steps: body.steps,
      options: body.options,
      publishedBy: admin.userId,
    });
    const [row] = await tx
      .update(workflowDefinitions)
      .set({ publishedVersion: version, draft: body })
      .where(eq(workflowDefinitions.id, definitionId))
      .returning();
    if (!row) throw new AppError('not_found', '流程不存在');
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'workflow.publish',
      targetType: 'workflow_definition',
      targetId: definitionId,
      details: { version, fields: body.form.fields.length, steps: body.steps.length },
      ...meta,
    });
    return toWorkflowDetail(tx, row);
  });
}
