import { and, count, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, taskNotices } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { noticeLimits } from '@/lib/env';

export type NoticeSourceStats = {
  connectorId: string;
  name: string;
  kind: string;
  sent: number;
  closed: number;
  skipped: number;
  failed: number;
  /** getsendresult: read by the recipient. */
  read: number;
  /** getsendresult: invalid, forbidden, failed or dropped by DingTalk's limits. */
  undelivered: number;
  lastError: string | null;
};

export type NoticeStats = {
  month: string;
  dailyLimit: number;
  monthlyQuota: number;
  sources: NoticeSourceStats[];
  /** Each sending DingTalk app's notices this month against the quota. */
  senders: { connectorId: string; name: string; used: number }[];
};

const UNDELIVERED = ['invalid', 'forbidden', 'failed', 'duplicate', 'daily_limit'];

/** The health page's work-notice figures for the current calendar month (UTC), per source connector (admins). */
export async function getNoticeStatsAsAdmin(
  db: Db,
  viewer: Viewer,
  now: Date = new Date(),
): Promise<NoticeStats> {
  assertAdmin(viewer);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const inMonth = gte(taskNotices.createdAt, monthStart);
  const rows = await db
    .select({
      connectorId: taskNotices.sourceConnectorId,
      name: connectors.name,
      kind: connectors.kind,
      state: taskNotices.state,
      delivery: taskNotices.delivery,
      n: count(),
    })
    .from(taskNotices)
    .innerJoin(connectors, eq(connectors.id, taskNotices.sourceConnectorId))
    .where(inMonth)
    .groupBy(
      taskNotices.sourceConnectorId,
      connectors.name,
      connectors.kind,
      taskNotices.state,
      taskNotices.delivery,
    );
  const sources = new Map<string, NoticeSourceStats>();
  for (const r of rows) {
    const s = sources.get(r.connectorId) ?? {
      connectorId: r.connectorId,
      name: r.name,
      kind: r.kind,
      sent: 0,
      closed: 0,
      skipped: 0,
      failed: 0,
      read: 0,
      undelivered: 0,
      lastError: null,
    };
    if (r.state === 'sent' || r.state === 'closed' || r.state === 'sending') s.sent += r.n;
    if (r.state === 'closed') s.closed += r.n;
    if (r.state === 'skipped') s.skipped += r.n;
    if (r.state === 'failed') s.failed += r.n;
    if (r.delivery === 'read') s.read += r.n;
    if (r.delivery && UNDELIVERED.includes(r.delivery)) s.undelivered += r.n;
    sources.set(r.connectorId, s);
  }
  for (const s of sources.values()) {
    const [last] = await db
      .select({ lastError: taskNotices.lastError })
      .from(taskNotices)
      .where(and(eq(taskNotices.sourceConnectorId, s.connectorId), inMonth, isNotNull(taskNotices.lastError)))
      .orderBy(desc(taskNotices.updatedAt))
      .limit(1);
    s.lastError = last?.lastError ?? null;
  }
  const senders = await db
    .select({
      connectorId: taskNotices.dingtalkConnectorId,
      name: connectors.name,
      used: sql<number>`count(*)::int`,
    })
    .from(taskNotices)
    .innerJoin(connectors, eq(connectors.id, taskNotices.dingtalkConnectorId))
    .where(and(inMonth, inArray(taskNotices.state, ['sending', 'sent', 'closed'])))
    .groupBy(taskNotices.dingtalkConnectorId, connectors.name);
  const limits = noticeLimits();
  return {
    month: monthStart.toISOString().slice(0, 7),
    dailyLimit: limits.dailyPerUser,
    monthlyQuota: limits.monthlyPerApp,
    sources: [...sources.values()].sort((a, b) => a.name.localeCompare(b.name)),
    senders,
  };
}
