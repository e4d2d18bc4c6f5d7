import { and, desc, eq, inArray, isNotNull, like, notLike, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { approvalCentreTemplates, connectors, localEffects, localRuns, processInstances } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { loadDefinitionOrThrow } from './workflow-view';

export type ApprovalCentreStatus = {
  templates: {
    connectorId: string;
    connectorName: string;
    name: string;
    processCode: string | null;
    version: number | null;
    lastError: string | null;
    updatedAt: string;
  }[];
  /** Approval-centre calls that failed for good, or are failing and being retried, newest first. */
  problems: {
    instanceId: string | null;
    title: string | null;
    kind: string;
    status: 'failed' | 'retrying';
    error: string;
    at: string;
  }[];
};

const PROBLEMS_SHOWN = 20;

/**
 * The workflow's DingTalk approval-centre integration, for its admin page: the template registered on each
 * connector (or why registering failed) and the latest failed calls (`integrated.state.invalid`,
 * `integrated.number.exceed`, …) with the instance they concern.
 */
export async function approvalCentreStatusAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  definitionId: string,
): Promise<ApprovalCentreStatus> {
  assertAdmin(admin);
  await loadDefinitionOrThrow(db, definitionId);
  const templates = await db
    .select({ template: approvalCentreTemplates, connectorName: connectors.name })
    .from(approvalCentreTemplates)
    .innerJoin(connectors, eq(connectors.id, approvalCentreTemplates.connectorId))
    .where(eq(approvalCentreTemplates.definitionId, definitionId))
    .orderBy(connectors.name);
  const problems = await db
    .select({
      kind: localEffects.kind,
      status: localEffects.status,
      error: localEffects.lastError,
      at: localEffects.updatedAt,
      instanceId: processInstances.id,
      title: processInstances.title,
    })
    .from(localEffects)
    .innerJoin(localRuns, eq(localRuns.id, localEffects.runId))
    .leftJoin(
      processInstances,
      and(
        eq(processInstances.source, 'local'),
        eq(processInstances.externalId, sql`${localEffects.runId}::text`),
      ),
    )
    .where(
      and(
        eq(localRuns.definitionId, definitionId),
        like(localEffects.key, 'pc-%'),
        isNotNull(localEffects.lastError),
        // An effect waiting for the one it depends on (effects.ts) is not a problem.
        notLike(localEffects.lastError, 'waiting for %'),
        or(eq(localEffects.status, 'failed'), inArray(localEffects.status, ['pending', 'calling'])),
      ),
    )
    .orderBy(desc(localEffects.updatedAt))
    .limit(PROBLEMS_SHOWN);
  return {
    templates: templates.map(({ template: t, connectorName }) => ({
      connectorId: t.connectorId,
      connectorName,
      name: t.name,
      processCode: t.processCode,
      version: t.version,
      lastError: t.lastError,
      updatedAt: t.updatedAt.toISOString(),
    })),
    problems: problems.map((p) => ({
      instanceId: p.instanceId,
      title: p.title,
      kind: p.kind,
      status: p.status === 'failed' ? 'failed' : 'retrying',
      error: p.error ?? '',
      at: p.at.toISOString(),
    })),
  };
}
