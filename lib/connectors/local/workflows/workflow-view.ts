import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import {
  type DingTalkTemplateRef,
  users,
  type WorkflowDefinition,
  workflowDefinitions,
  workflowVersions,
} from '@/db/schema';
import { workflowBodySchema } from '@/lib/connectors/local/definition-schema';
import { AppError } from '@/lib/errors';
import { type IssueFacts, issueFacts } from '@/lib/i18n/zod-issues';
import { maskWebhookHeaderSteps, maskWebhookHeaders } from '../webhook-headers';
import { type Starters, startersSchema } from './workflow-input';

export type BodyIssue = { path: string; message: string } & IssueFacts;

export type WorkflowVersionView = {
  version: number;
  publishedAt: string;
  publishedByName: string | null;
  /** The frozen body: `form` (form_schema), `steps`, `options`. */
  body: { form: unknown; steps: unknown; options: unknown };
};

/** A definition as the designer sees it (admins only): basic info, draft with its problems, every version. */
export type WorkflowDetail = {
  id: string;
  key: string;
  name: string;
  description: string | null;
  category: string | null;
  enabled: boolean;
  publishedVersion: number | null;
  starters: Starters;
  draft: unknown;
  /** What publishing would reject, by path into the draft (`form.fields.0.key`, `steps.1.assignee.userIds`). */
  draftIssues: BodyIssue[];
  updatedAt: string;
  versions: WorkflowVersionView[];
  /** The DingTalk approval template created from this form (save-dingtalk-template.ts), or null. */
  dingtalkTemplate: DingTalkTemplateRef | null;
};

/** Problems of a draft body as `{ path, message }`, the path joined with dots; empty when it can be published. */
export function draftIssuesOf(draft: unknown): BodyIssue[] {
  const result = workflowBodySchema.safeParse(draft);
  if (result.success) return [];
  return result.error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: i.message,
    ...issueFacts(i),
  }));
}

/** Starters as stored; anything unreadable counts as "nobody" rather than "everyone". */
export function readStarters(value: unknown): Starters {
  const parsed = startersSchema.safeParse(value);
  return parsed.success ? parsed.data : { userIds: [], departments: [] };
}

export async function loadDefinitionOrThrow(db: DbOrTx, definitionId: string): Promise<WorkflowDefinition> {
  const [row] = await db
    .select()
    .from(workflowDefinitions)
    .where(eq(workflowDefinitions.id, definitionId))
    .limit(1);
  if (!row) throw new AppError('not_found', '流程不存在');
  return row;
}

/** The designer's view of one definition (callers check the admin role). */
export async function toWorkflowDetail(db: DbOrTx, row: WorkflowDefinition): Promise<WorkflowDetail> {
  const versions = await db
    .select({
      version: workflowVersions.version,
      publishedAt: workflowVersions.publishedAt,
      publishedByName: users.name,
      form: workflowVersions.formSchema,
      steps: workflowVersions.steps,
      options: workflowVersions.options,
    })
    .from(workflowVersions)
    .leftJoin(users, eq(users.id, workflowVersions.publishedBy))
    .where(eq(workflowVersions.definitionId, row.id))
    .orderBy(asc(workflowVersions.version));
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    category: row.category,
    enabled: row.enabled,
    publishedVersion: row.publishedVersion,
    starters: readStarters(row.starters),
    draft: maskWebhookHeaders(row.draft),
    draftIssues: draftIssuesOf(row.draft),
    updatedAt: row.updatedAt.toISOString(),
    dingtalkTemplate: row.dingtalkTemplate ?? null,
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt.toISOString(),
      publishedByName: v.publishedByName ?? null,
      body: { form: v.form, steps: maskWebhookHeaderSteps(v.steps), options: v.options },
    })),
  };
}
