import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { deliveries, robotMessages, subscriptions, users } from '@/db/schema';
import type { RobotConfig } from '@/db/schema/subscriptions';
import { rawEnv } from '@/lib/env';
import { sendJob } from '@/lib/jobs/send-job';
import type { Logger } from '@/lib/log';
import { assertOutboundUrl } from '@/lib/security/outbound-url';
import type { EventEnvelope } from '../outbox/event-types';
import { buildRobotMessage } from './robot-message';
import { signRobotUrl } from './sign-robot-url';

/** DingTalk's limit per robot (§4.1); a subscription may set a lower one. */
export const ROBOT_PER_MINUTE = 20;
/** Events in one message at most: beyond this, the rest wait for the next message. */
const BATCH_LIMIT = 10;
/** `410100`: sent too fast; DingTalk blocks the robot for 10 minutes. */
const THROTTLED = '410100';
const BLOCK_MS = 10 * 60_000;
const WINDOW_MS = 60_000;
const SEND_TIMEOUT_MS = 10_000;

export type RobotSubscription = {
  subscriptionId: string;
  url: string;
  secret: string | null;
  config: Partial<RobotConfig>;
};

export type RobotOutcome =
  | { kind: 'skipped' }
  | { kind: 'held'; until: Date }
  | { kind: 'sent'; deliveryIds: string[]; latencyMs: number }
  | { kind: 'failed'; error: string; status: number | null; latencyMs: number };

type Answer = { errcode?: number | string; errmsg?: string };

/**
 * One attempt at a group-robot delivery (the `deliver-event` job for a `dingtalk_robot` subscription). The
 * subscription row is locked for the attempt, so every worker counts the same messages: when the robot has sent
 * its per-minute quota (robot_messages in the last 60 s), or DingTalk blocked it (`410100`, 10 minutes), the
 * job is scheduled again for when a slot frees and nothing is sent. Otherwise this delivery and the robot's
 * other waiting deliveries (oldest first, up to 10) go out as one markdown message, so a burst becomes a few
 * digests instead of a throttled robot. A failure leaves the batch-mates waiting for their own jobs.
 */
export async function deliverToRobot(
  db: Db,
  deliveryId: string,
  sub: RobotSubscription,
  options: { log?: Logger } = {},
): Promise<RobotOutcome> {
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select 1 from ${subscriptions} where ${subscriptions.id} = ${sub.subscriptionId} for update`,
    );
    const [own] = await tx
      .select({ status: deliveries.status })
      .from(deliveries)
      .where(eq(deliveries.id, deliveryId));
    if (!own || own.status === 'delivered' || own.status === 'dead') return { kind: 'skipped' as const };

    const now = Date.now();
    const until = await nextFreeSlot(tx, sub, now);
    if (until) {
      await sendJob(tx, 'deliver-event', { deliveryId }, { startAfter: until });
      return { kind: 'held' as const, until };
    }

    const batch = await tx
      .select({ id: deliveries.id, payload: deliveries.payload })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.subscriptionId, sub.subscriptionId),
          inArray(deliveries.status, ['pending', 'failed']),
        ),
      )
      .orderBy(sql`${deliveries.id} = ${deliveryId} desc`, asc(deliveries.createdAt))
      .limit(BATCH_LIMIT);
    if (!batch.some((d) => d.id === deliveryId)) return { kind: 'skipped' as const };
    const envelopes = batch.map((d) => d.payload as EventEnvelope);
    const message = buildRobotMessage(envelopes, {
      appUrl: (rawEnv().APP_URL ?? 'http://localhost:3000').replace(/\/$/, ''),
      mentions: await mentionsOf(tx, envelopes, sub.config.atMode ?? 'none'),
    });

    const started = performance.now();
    const answer = await post(sub, message);
    const latencyMs = Math.round(performance.now() - started);
    await tx.insert(robotMessages).values({
      subscriptionId: sub.subscriptionId,
      sentAt: new Date(now),
      deliveryCount: batch.length,
      errcode: answer.errcode,
    });
    if (answer.errcode === '0') {
      const ids = batch.map((d) => d.id);
      await tx
        .update(deliveries)
        .set({
          status: 'delivered',
          attempts: sql`${deliveries.attempts} + 1`,
          lastAttemptAt: new Date(now),
          deliveredAt: new Date(),
          responseStatus: answer.status,
          latencyMs,
          lastError: null,
        })
        .where(inArray(deliveries.id, ids));
      options.log?.info({ subscriptionId: sub.subscriptionId, deliveries: ids.length }, 'robot message sent');
      return { kind: 'sent' as const, deliveryIds: ids, latencyMs };
    }
    const error = `${answer.errcode}${answer.errmsg ? ` ${answer.errmsg}` : ''}`.slice(0, 500);
    if (answer.errcode === THROTTLED) {
      // Blocked for 10 minutes: not this delivery's fault; try again after the block, not on the backoff.
      const after = new Date(now + BLOCK_MS);
      await sendJob(tx, 'deliver-event', { deliveryId }, { startAfter: after });
      await tx
        .update(deliveries)
        .set({ lastError: error, lastAttemptAt: new Date(now), responseStatus: answer.status })
        .where(eq(deliveries.id, deliveryId));
      return { kind: 'held' as const, until: after };
    }
    return { kind: 'failed' as const, error, status: answer.status, latencyMs };
  });
}

/** When the robot may send again: null = now; else the end of the 10-minute block or of the full minute. */
async function nextFreeSlot(tx: Tx, sub: RobotSubscription, now: number): Promise<Date | null> {
  const [blocked] = await tx
    .select({ sentAt: robotMessages.sentAt })
    .from(robotMessages)
    .where(
      and(
        eq(robotMessages.subscriptionId, sub.subscriptionId),
        eq(robotMessages.errcode, THROTTLED),
        gt(robotMessages.sentAt, new Date(now - BLOCK_MS)),
      ),
    )
    .orderBy(sql`${robotMessages.sentAt} desc`)
    .limit(1);
  if (blocked) return new Date(blocked.sentAt.getTime() + BLOCK_MS);
  const limit = Math.min(sub.config.perMinute ?? ROBOT_PER_MINUTE, ROBOT_PER_MINUTE);
  const recent = await tx
    .select({ sentAt: robotMessages.sentAt })
    .from(robotMessages)
    .where(
      and(
        eq(robotMessages.subscriptionId, sub.subscriptionId),
        gt(robotMessages.sentAt, new Date(now - WINDOW_MS)),
      ),
    )
    .orderBy(asc(robotMessages.sentAt));
  if (recent.length < limit) return null;
  // The slot frees when the message `limit` places back leaves the window (plus a little for clock skew).
  const oldest = recent[recent.length - limit];
  return new Date((oldest?.sentAt.getTime() ?? now) + WINDOW_MS + 1_000);
}

/** The assignee of each new task, by mobile (their Huiban profile) or by DingTalk userId, as configured. */
async function mentionsOf(
  tx: Tx,
  envelopes: EventEnvelope[],
  atMode: RobotConfig['atMode'],
): Promise<Map<string, { mobile?: string; userId?: string }>> {
  const mentions = new Map<string, { mobile?: string; userId?: string }>();
  if (atMode === 'none') return mentions;
  const assignees = envelopes
    .filter((e) => e.type === 'task.created')
    .map((e) => ({
      id: e.id,
      ...((e.data as { assignee?: { userId?: string | null; externalUserId?: string | null } }).assignee ??
        {}),
    }));
  if (atMode === 'userId') {
    for (const a of assignees) if (a.externalUserId) mentions.set(a.id, { userId: a.externalUserId });
    return mentions;
  }
  const userIds = [...new Set(assignees.flatMap((a) => (a.userId ? [a.userId] : [])))];
  const rows = userIds.length
    ? await tx.select({ id: users.id, mobile: users.mobile }).from(users).where(inArray(users.id, userIds))
    : [];
  const mobileOf = new Map(rows.flatMap((r) => (r.mobile ? [[r.id, r.mobile] as const] : [])));
  for (const a of assignees) {
    const mobile = a.userId ? mobileOf.get(a.userId) : undefined;
    if (mobile) mentions.set(a.id, { mobile });
  }
  return mentions;
}

/** One signed POST; DingTalk answers HTTP 200 with `errcode` (a number, or a string in the doc sample). */
async function post(
  sub: RobotSubscription,
  message: unknown,
): Promise<{ errcode: string; errmsg?: string; status: number | null }> {
  try {
    await assertOutboundUrl(sub.url, { path: 'url' });
    const url = sub.secret ? signRobotUrl(sub.url, sub.secret) : sub.url;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => ({}))) as Answer;
    if (!response.ok) return { errcode: `HTTP ${response.status}`, status: response.status };
    return {
      errcode: body.errcode === undefined ? 'no errcode' : String(body.errcode),
      errmsg: body.errmsg,
      status: response.status,
    };
  } catch (error) {
    return {
      errcode: 'network',
      errmsg: error instanceof Error ? error.message : String(error),
      status: null,
    };
  }
}
