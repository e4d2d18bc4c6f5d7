import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { type LocalRun, localRuns, users, workflowDefinitions, workflowVersions } from '@/db/schema';
import {
  type FormSchema,
  formSchemaSchema,
  type WorkflowOptions,
  type WorkflowStep,
  workflowOptionsSchema,
  workflowStepSchema,
} from './definition-schema';
import type { EngineState, Person } from './engine';

export type VersionBody = {
  versionId: string;
  version: number;
  definitionId: string;
  definitionKey: string;
  definitionName: string;
  form: FormSchema;
  steps: WorkflowStep[];
  options: WorkflowOptions;
};

/** A published version's body, parsed (versions are immutable, so it is read as stored). */
export async function loadVersionBody(db: DbOrTx, versionId: string): Promise<VersionBody | null> {
  const [row] = await db
    .select({ version: workflowVersions, definition: workflowDefinitions })
    .from(workflowVersions)
    .innerJoin(workflowDefinitions, eq(workflowDefinitions.id, workflowVersions.definitionId))
    .where(eq(workflowVersions.id, versionId));
  if (!row) return null;
  return {
    versionId: row.version.id,
    version: row.version.version,
    definitionId: row.definition.id,
    definitionKey: row.definition.key,
    definitionName: row.definition.name,
    form: formSchemaSchema.parse(row.version.formSchema),
    steps: z.array(workflowStepSchema).parse(row.version.steps),
    options: workflowOptionsSchema.parse(row.version.options ?? {}),
  };
}

export type LoadedRun = { run: LocalRun; state: EngineState; body: VersionBody; originator: Person };

/** A run with its version and originator; `forUpdate` locks the run row (one transition at a time). */
export async function loadRun(
  db: DbOrTx,
  runId: string,
  options: { forUpdate?: boolean } = {},
): Promise<LoadedRun | null> {
  const query = db.select().from(localRuns).where(eq(localRuns.id, runId));
  const [run] = options.forUpdate ? await query.for('update') : await query;
  if (!run) return null;
  const body = await loadVersionBody(db, run.versionId);
  if (!body) return null;
  const [originator] = await db
    .select({ userId: users.id, name: users.name })
    .from(users)
    .where(eq(users.id, run.originatorUserId));
  return {
    run,
    state: run.state as EngineState,
    body,
    originator: originator ?? { userId: run.originatorUserId, name: '' },
  };
}
