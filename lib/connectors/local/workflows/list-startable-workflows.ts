import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users, workflowDefinitions, workflowVersions } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { dingtalkSettings } from '@/lib/connectors/dingtalk/config';
import { departmentNames } from '@/lib/connectors/dingtalk/workflow-bridge';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import type { FormSchema, WorkflowStep } from '@/lib/connectors/local/definition-schema';
import { departmentQuestion } from '@/lib/connectors/local/originator-departments';
import { AppError } from '@/lib/errors';
import { canStart } from './starters';
import { readStarters } from './workflow-view';

export type StartableWorkflow = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  category: string | null;
  version: number;
};

/**
 * `departments`: when the viewer's DingTalk account is in several departments and a step starts a DingTalk
 * approval, the ones to choose from (the form asks which one they apply as); null when there is nothing to ask.
 */
export type StartForm = StartableWorkflow & {
  form: FormSchema;
  departments: { id: string; name: string }[] | null;
};

async function viewerDirectoryEntry(db: DbOrTx, viewer: Viewer) {
  const [user] = await db
    .select({ id: users.id, department: users.department })
    .from(users)
    .where(eq(users.id, viewer.userId))
    .limit(1);
  return user ?? { id: viewer.userId, department: null };
}

/** Definitions the viewer may start: enabled, published, and the viewer is among its starters (发起申请). */
export async function listStartableWorkflows(db: DbOrTx, viewer: Viewer): Promise<StartableWorkflow[]> {
  const user = await viewerDirectoryEntry(db, viewer);
  const rows = await db
    .select({
      id: workflowDefinitions.id,
      key: workflowDefinitions.key,
      name: workflowDefinitions.name,
      description: workflowDefinitions.description,
      category: workflowDefinitions.category,
      version: workflowDefinitions.publishedVersion,
      starters: workflowDefinitions.starters,
    })
    .from(workflowDefinitions)
    .where(and(eq(workflowDefinitions.enabled, true), isNotNull(workflowDefinitions.publishedVersion)))
    .orderBy(asc(workflowDefinitions.category), asc(workflowDefinitions.name));
  return rows
    .filter((r) => canStart(readStarters(r.starters), user))
    .map(({ starters: _, version, ...r }) => ({ ...r, version: version ?? 0 }));
}

/**
 * The published version a viewer may start, or 404 (unknown, disabled, unpublished, or not among its starters:
 * the same answer for each, so an employee learns nothing about definitions they cannot use).
 */
export async function findStartableVersion(db: DbOrTx, viewer: Viewer, definitionId: string) {
  const [row] = await db
    .select({ definition: workflowDefinitions, version: workflowVersions })
    .from(workflowDefinitions)
    .innerJoin(
      workflowVersions,
      and(
        eq(workflowVersions.definitionId, workflowDefinitions.id),
        eq(workflowVersions.version, workflowDefinitions.publishedVersion),
      ),
    )
    .where(and(eq(workflowDefinitions.id, definitionId), eq(workflowDefinitions.enabled, true)))
    .limit(1);
  if (!row || !canStart(readStarters(row.definition.starters), await viewerDirectoryEntry(db, viewer)))
    throw new AppError('not_found', '流程不存在或你无权发起');
  return row;
}

/** The published form of a definition the viewer may start, for /apply/{id}. */
export async function getStartForm(db: DbOrTx, viewer: Viewer, definitionId: string): Promise<StartForm> {
  const { definition, version } = await findStartableVersion(db, viewer, definitionId);
  return {
    id: definition.id,
    key: definition.key,
    name: definition.name,
    description: definition.description,
    category: definition.category,
    version: version.version,
    form: version.formSchema as FormSchema,
    departments: await departmentOptions(db, viewer, version.steps as WorkflowStep[]),
  };
}

/** The departments to offer (names from DingTalk; an id stands in for a name it cannot give). */
async function departmentOptions(
  db: DbOrTx,
  viewer: Viewer,
  steps: WorkflowStep[],
): Promise<{ id: string; name: string }[] | null> {
  const question = await departmentQuestion(db, steps, viewer.userId);
  if (!question) return null;
  const runtime = await unsafeLoadConnectorRuntime(db, question.connectorId);
  const names =
    runtime?.kind === 'dingtalk'
      ? await departmentNames(dingtalkSettings(runtime), question.departments).catch(() => null)
      : null;
  return question.departments.map((id) => ({ id, name: names?.get(id) ?? id }));
}
