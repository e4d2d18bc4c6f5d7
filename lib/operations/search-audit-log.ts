import { and, count, desc, eq, gte, ilike, lt, lte, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { displayTimeZone } from '@/lib/env';
import { CSV_BOM, csvLine, csvTime } from './audit-csv';
import { idsIn, namesOfIds } from './audit-names';

export const auditFilterSchema = z
  .object({
    /** The actor's (or on-behalf-of user's) name, login or user id. */
    actor: z.string().trim().min(1).max(100).optional(),
    /** An action, or its prefix (`task.` = every task action). */
    action: z.string().trim().min(1).max(100).optional(),
    targetType: z.string().trim().min(1).max(50).optional(),
    targetId: z.string().trim().min(1).max(200).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'validation:range.fromAfterTo',
    path: ['to'],
  });
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditSearchSchema = auditFilterSchema.and(
  z.object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export type AuditRow = {
  id: number;
  createdAt: string;
  actorUserId: string | null;
  actorName: string | null;
  onBehalfOfUserId: string | null;
  onBehalfOfName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  /** What the target is called (a task's title, a person's or connector's name), when it still exists. */
  targetName: string | null;
  /** The names of the ids in `details` (a transfer's target user, a task, a connector), for a readable view. */
  names: Record<string, string>;
};

const actor = alias(users, 'actor');
const behalf = alias(users, 'behalf');

const like = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function auditWhere(f: AuditFilter): SQL | undefined {
  const isUuid = f.actor ? /^[0-9a-f-]{36}$/i.test(f.actor) : false;
  return and(
    f.actor
      ? isUuid
        ? or(eq(auditLog.actorUserId, f.actor), eq(auditLog.onBehalfOfUserId, f.actor))
        : or(
            ilike(actor.name, like(f.actor)),
            ilike(actor.username, like(f.actor)),
            ilike(behalf.name, like(f.actor)),
          )
      : undefined,
    f.action ? ilike(auditLog.action, `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    f.targetType ? eq(auditLog.targetType, f.targetType) : undefined,
    f.targetId ? eq(auditLog.targetId, f.targetId) : undefined,
    f.from ? gte(auditLog.createdAt, f.from) : undefined,
    f.to ? lte(auditLog.createdAt, f.to) : undefined,
  );
}

const columns = {
  id: auditLog.id,
  createdAt: auditLog.createdAt,
  actorUserId: auditLog.actorUserId,
  actorName: actor.name,
  onBehalfOfUserId: auditLog.onBehalfOfUserId,
  onBehalfOfName: behalf.name,
  action: auditLog.action,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  details: auditLog.details,
  ip: auditLog.ip,
  userAgent: auditLog.userAgent,
};

function baseQuery(db: Db) {
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorUserId))
    .leftJoin(behalf, eq(behalf.id, auditLog.onBehalfOfUserId));
}

type StoredRow = { createdAt: Date } & Omit<AuditRow, 'createdAt' | 'targetName' | 'names'>;

/** Rows with the names of what they point at, looked up once for the whole page. */
async function withNames(db: Db, rows: StoredRow[]): Promise<AuditRow[]> {
  const ids = new Set<string>();
  for (const r of rows) idsIn([r.targetId, r.details], ids);
  const names = await namesOfIds(db, ids);
  return rows.map((r) => {
    const own: Record<string, string> = {};
    for (const id of idsIn(r.details)) if (names[id]) own[id] = names[id];
    return {
      ...r,
      createdAt: r.createdAt.toISOString(),
      targetName: (r.targetId && names[r.targetId.toLowerCase()]) || null,
      names: own,
    };
  });
}

/** The audit log (admins), newest first. */
export async function searchAuditLogAsAdmin(
  db: Db,
  viewer: Viewer,
  params: AuditSearch,
): Promise<{ items: AuditRow[]; total: number }> {
  assertAdmin(viewer);
  const where = auditWhere(params);
  const [rows, [total]] = await Promise.all([
    baseQuery(db)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db
      .select({ n: count() })
      .from(auditLog)
      .leftJoin(actor, eq(actor.id, auditLog.actorUserId))
      .leftJoin(behalf, eq(behalf.id, auditLog.onBehalfOfUserId))
      .where(where),
  ]);
  return { items: await withNames(db, rows), total: total?.n ?? 0 };
}

export const AUDIT_CSV_HEADER = [
  '时间 time',
  '操作人 actor',
  '操作人ID actor id',
  '代表 on behalf of',
  '操作 action',
  '对象类型 target type',
  '对象ID target id',
  '对象名称 target name',
  '详情 details',
  'IP',
  'User-Agent',
];

/** Rows fetched per round while streaming the export (keyset by id: constant memory for any size). */
const EXPORT_BATCH = 500;

/**
 * The filtered audit log as a CSV stream (admins): UTF-8 BOM, a bilingual header, then every matching row
 * newest first, fetched in batches so a large export never sits in memory. Times are in the company's zone
 * with their offset (`2026-03-01 17:30:00+08:00`).
 */
export function exportAuditLogCsvAsAdmin(
  db: Db,
  viewer: Viewer,
  filter: AuditFilter,
  timeZone: string = displayTimeZone(),
): ReadableStream<Uint8Array> {
  assertAdmin(viewer);
  const encoder = new TextEncoder();
  const where = auditWhere(filter);
  let beforeId: number | null = null;
  let isStarted = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!isStarted) {
        isStarted = true;
        controller.enqueue(encoder.encode(CSV_BOM + csvLine(AUDIT_CSV_HEADER)));
        return;
      }
      const rows = await withNames(
        db,
        await baseQuery(db)
          .where(and(where, beforeId === null ? undefined : lt(auditLog.id, beforeId)))
          .orderBy(desc(auditLog.id))
          .limit(EXPORT_BATCH),
      );
      if (rows.length === 0) {
        controller.close();
        return;
      }
      beforeId = rows[rows.length - 1]?.id ?? null;
      controller.enqueue(
        encoder.encode(
          rows
            .map((r) =>
              csvLine([
                csvTime(r.createdAt, timeZone),
                r.actorName,
                r.actorUserId,
                r.onBehalfOfName,
                r.action,
                r.targetType,
                r.targetId,
                r.targetName,
                r.details,
                r.ip,
                r.userAgent,
              ]),
            )
            .join(''),
        ),
      );
      if (rows.length < EXPORT_BATCH) controller.close();
    },
  });
}
