import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { localRuns, uploads, users, workflowDefinitions, workflowVersions } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { applyLocalEvent } from './apply-local-event';
import { initialState } from './engine';
import { loadVersionBody } from './load-run';
import { departmentQuestion } from './originator-departments';
import { resolveAssignees } from './resolve-assignees';
import { referencedIds, type UploadedFileValue, validateFormValues } from './validate-form-values';

/**
 * An employee starts an instance of a published, enabled definition they may start (404 otherwise, so a
 * definition one cannot use is indistinguishable from none). The values are checked against the published
 * version's form (400 with one issue per field at `values.<key>…`, nothing written); attachments must be the
 * viewer's own uploads. The run, its first transition, the effects' jobs and the instance's snapshot commit
 * together.
 */
export async function startLocalInstance(
  db: Db,
  viewer: Viewer,
  input: { definitionId: string; values: Record<string, unknown>; dingtalkDeptId?: string | null },
): Promise<{ instanceId: string }> {
  const [definition] = await db
    .select()
    .from(workflowDefinitions)
    .where(eq(workflowDefinitions.id, input.definitionId));
  if (!definition?.enabled || definition.publishedVersion === null) throw notFound();
  const [viewerRow] = await db
    .select({ department: users.department, status: users.status })
    .from(users)
    .where(eq(users.id, viewer.userId));
  if (viewerRow?.status !== 'active' || !mayStart(definition.starters, viewer.userId, viewerRow.department))
    throw notFound();
  const [version] = await db
    .select({ id: workflowVersions.id })
    .from(workflowVersions)
    .where(
      and(
        eq(workflowVersions.definitionId, definition.id),
        eq(workflowVersions.version, definition.publishedVersion),
      ),
    );
  const body = version ? await loadVersionBody(db, version.id) : null;
  if (!body) throw notFound();

  const values = await checkValues(db, viewer, body.form, input.values);
  const dingtalkDeptId = await checkDepartment(db, viewer, body.steps, input.dingtalkDeptId ?? null);
  return db.transaction(async (tx) => {
    const { assignees, notes } = await resolveAssignees(tx, {
      steps: body.steps,
      originatorUserId: viewer.userId,
      values,
    });
    const now = new Date();
    const [run] = await tx
      .insert(localRuns)
      .values({
        definitionId: body.definitionId,
        versionId: body.versionId,
        originatorUserId: viewer.userId,
        values,
        dingtalkDeptId,
        state: initialState(assignees, now, notes),
        status: 'running',
      })
      .returning({ id: localRuns.id });
    if (!run) throw new Error('local run insert failed');
    const outcome = await applyLocalEvent(tx, run.id, { type: 'start' }, { now });
    return { instanceId: outcome.instanceId };
  });
}

/**
 * The department a DingTalk-approval step applies as: asked only when the viewer's DingTalk account is in
 * several (the form offers them); then it is required and must be one of theirs. Otherwise ignored (null).
 */
async function checkDepartment(
  db: DbOrTx,
  viewer: Viewer,
  steps: Parameters<typeof departmentQuestion>[1],
  chosen: string | null,
): Promise<string | null> {
  const question = await departmentQuestion(db, steps, viewer.userId);
  if (!question) return null;
  if (chosen && question.departments.includes(chosen)) return chosen;
  throw new AppError('validation_failed', chosen ? '所选部门不是你所在的部门' : '请选择以哪个部门发起', {
    issues: [
      { path: 'dingtalkDeptId', message: chosen ? '所选部门不是你所在的部门' : '请选择以哪个部门发起' },
    ],
  });
}

function notFound() {
  return new AppError('not_found', '流程不存在或您无权发起');
}

/** `{ all: true }` or `{ userIds, departments }` (the designer's 可发起人). Anything else: nobody. */
function mayStart(starters: unknown, userId: string, department: string | null): boolean {
  const s = (starters ?? { all: true }) as { all?: boolean; userIds?: unknown; departments?: unknown };
  if (s.all === true) return true;
  if (Array.isArray(s.userIds) && s.userIds.includes(userId)) return true;
  return department !== null && Array.isArray(s.departments) && s.departments.includes(department);
}

/**
 * Validates against the database's facts (active users, the viewer's own uploads) and returns the values to
 * store: attachments re-described from the upload rows, so a client cannot rename or resize a file.
 */
export async function checkValues(
  db: DbOrTx,
  viewer: Viewer,
  form: Parameters<typeof validateFormValues>[0],
  raw: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const refs = referencedIds(form, raw ?? {});
  const activeUsers = refs.userIds.length
    ? await db
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, refs.userIds), eq(users.status, 'active')))
    : [];
  const own = refs.fileIds.length
    ? await db
        .select()
        .from(uploads)
        .where(and(inArray(uploads.id, refs.fileIds), eq(uploads.userId, viewer.userId)))
    : [];
  const issues = validateFormValues(form, raw, {
    activeUserIds: new Set(activeUsers.map((u) => u.id)),
    ownFileIds: new Set(own.map((u) => u.id)),
  });
  if (issues.length) {
    throw new AppError('validation_failed', `表单有 ${issues.length} 处需要修改`, {
      issues: issues.map((i) => ({ path: ['values', ...i.path].join('.'), message: i.message })),
    });
  }
  const byId = new Map(own.map((u) => [u.id, u]));
  const values: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = raw[field.key];
    if (value === undefined) continue;
    values[field.key] =
      field.type === 'attachments' && Array.isArray(value)
        ? (value as UploadedFileValue[]).map((f) => {
            const u = byId.get(f.fileId);
            return u ? { fileId: u.id, fileName: u.fileName, size: u.size, contentType: u.contentType } : f;
          })
        : value;
  }
  return values;
}
