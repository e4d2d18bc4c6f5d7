import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { workflowDefinitions, workflowVersions } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';

export type WorkflowSummary = {
  id: string;
  key: string;
  name: string;
  category: string | null;
  enabled: boolean;
  publishedVersion: number | null;
  /** The draft differs from the published version (or nothing is published yet). */
  hasUnpublishedChanges: boolean;
  updatedAt: string;
};

/** Every definition, for the designer's list. */
export async function listWorkflowsAsAdmin(db: DbOrTx, admin: Viewer): Promise<WorkflowSummary[]> {
  assertAdmin(admin);
  const rows = await db
    .select({
      id: workflowDefinitions.id,
      key: workflowDefinitions.key,
      name: workflowDefinitions.name,
      category: workflowDefinitions.category,
      enabled: workflowDefinitions.enabled,
      publishedVersion: workflowDefinitions.publishedVersion,
      updatedAt: workflowDefinitions.updatedAt,
      // jsonb equality ignores key order, so a draft saved back unchanged after publishing compares equal.
      hasUnpublishedChanges: sql<boolean>`${workflowVersions.id} is null or ${workflowDefinitions.draft} is distinct from jsonb_build_object('form', ${workflowVersions.formSchema}, 'steps', ${workflowVersions.steps}, 'options', ${workflowVersions.options})`,
    })
    .from(workflowDefinitions)
    .leftJoin(
      workflowVersions,
      and(
        eq(workflowVersions.definitionId, workflowDefinitions.id),
        eq(workflowVersions.version, workflowDefinitions.publishedVersion),
      ),
    )
    .orderBy(desc(workflowDefinitions.updatedAt));
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}
