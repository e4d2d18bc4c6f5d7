import { and, asc, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '@/db/client';
import { savedViews } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { INBOX_VIEWS, inboxFiltersSchema } from '@/lib/tasks/inbox/inbox-filters';

/** Filters as the URL carries them (`{ q: '报销', source: 'yida,dingtalk' }`), checked by the inbox schema. */
const urlFilters = z
  .record(z.string().max(40), z.string().max(200))
  .refine((f) => Object.keys(f).length <= 20, '筛选条件过多')
  .superRefine((f, ctx) => {
    const { sort: _sort, ...rest } = f;
    const parsed = inboxFiltersSchema.safeParse(rest);
    if (!parsed.success)
      ctx.addIssue({ code: 'custom', message: `筛选条件无效: ${parsed.error.issues[0]?.message}` });
  });

export const savedViewInputSchema = z.object({
  name: z.string().trim().min(1, '请填写视图名称').max(40),
  view: z.enum(INBOX_VIEWS),
  filters: urlFilters.default({}),
  sort: z.enum(['received', 'updated', 'due']).nullish(),
  isDefault: z.boolean().default(false),
});
export type SavedViewInput = z.infer<typeof savedViewInputSchema>;
export const savedViewPatchSchema = savedViewInputSchema.partial();

export type SavedViewDto = {
  id: string;
  name: string;
  view: string;
  filters: Record<string, string>;
  sort: string | null;
  isDefault: boolean;
};

function toDto(row: typeof savedViews.$inferSelect): SavedViewDto {
  return {
    id: row.id,
    name: row.name,
    view: row.view,
    filters: row.filters as Record<string, string>,
    sort: row.sort,
    isDefault: row.isDefault,
  };
}

/** The viewer's saved inbox views, in their order. */
export async function listSavedViews(db: Db, viewer: Viewer): Promise<SavedViewDto[]> {
  const rows = await db
    .select()
    .from(savedViews)
    .where(eq(savedViews.userId, viewer.userId))
    .orderBy(asc(savedViews.position), asc(savedViews.createdAt));
  return rows.map(toDto);
}

/** Saves a view for the viewer; one default per inbox view (setting one clears the others). */
export async function createSavedView(db: Db, viewer: Viewer, input: SavedViewInput): Promise<SavedViewDto> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(savedViews)
      .values({ userId: viewer.userId, ...input, sort: input.sort ?? null })
      .onConflictDoNothing({ target: [savedViews.userId, savedViews.name] })
      .returning();
    if (!row) throw new AppError('conflict', `已有名为「${input.name}」的视图`);
    if (row.isDefault) await clearOtherDefaults(tx, viewer, row);
    return toDto(row);
  });
}

export async function updateSavedView(
  db: Db,
  viewer: Viewer,
  viewId: string,
  patch: z.infer<typeof savedViewPatchSchema>,
): Promise<SavedViewDto> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(savedViews)
      .set(patch)
      .where(and(eq(savedViews.id, viewId), eq(savedViews.userId, viewer.userId)))
      .returning();
    if (!row) throw new AppError('not_found', '视图不存在');
    if (row.isDefault) await clearOtherDefaults(tx, viewer, row);
    return toDto(row);
  });
}

export async function deleteSavedView(db: Db, viewer: Viewer, viewId: string): Promise<void> {
  const deleted = await db
    .delete(savedViews)
    .where(and(eq(savedViews.id, viewId), eq(savedViews.userId, viewer.userId)))
    .returning({ id: savedViews.id });
  if (!deleted.length) throw new AppError('not_found', '视图不存在');
}

async function clearOtherDefaults(tx: Tx, viewer: Viewer, row: { id: string; view: string }) {
  await tx
    .update(savedViews)
    .set({ isDefault: false })
    .where(
      and(eq(savedViews.userId, viewer.userId), eq(savedViews.view, row.view), ne(savedViews.id, row.id)),
    );
}

/** The URL params of the viewer's default view for an inbox view, or null when none is set. */
export async function findDefaultView(
  db: Db,
  viewer: Viewer,
  view: (typeof INBOX_VIEWS)[number],
): Promise<Record<string, string> | null> {
  const [row] = await db
    .select()
    .from(savedViews)
    .where(
      and(eq(savedViews.userId, viewer.userId), eq(savedViews.view, view), eq(savedViews.isDefault, true)),
    )
    .limit(1);
  if (!row) return null;
  const params = { ...(row.filters as Record<string, string>), ...(row.sort ? { sort: row.sort } : {}) };
  return Object.keys(params).length ? params : null;
}
