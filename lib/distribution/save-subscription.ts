import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { connectors, subscriptions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { connectTriggerEndpoint, connectTriggerKinds } from '@/lib/connectors/registry/capabilities';
import { generateSigningSecret } from '@/lib/crypto/signature';
import { AppError } from '@/lib/errors';
import { assertOutboundUrl } from '@/lib/security/outbound-url';
import { findSubscription, getSubscriptionAsAdmin } from './list-subscriptions';
import type { CreateSubscriptionData, SubscriptionView, UpdateSubscriptionData } from './subscription-input';
import { sealSubscriptionSecret } from './subscription-secret';
import { maskUrl, sealRobotUrl } from './subscription-url';

/** Filters must name connectors that exist; a connect trigger needs a DingTalk connector. */
async function checkReferences(
  db: DbOrTx,
  input: { connectorIds?: string[]; dingtalkConnectorId?: string | null },
): Promise<void> {
  const ids = [...new Set(input.connectorIds ?? [])];
  if (ids.length > 0) {
    const found = await db.select({ id: connectors.id }).from(connectors).where(inArray(connectors.id, ids));
    if (found.length !== ids.length) {
      throw new AppError('validation_failed', 'errors:notFound.connectorInFilter', {
        issues: [{ path: 'body.connectorIds', message: 'errors:notFound.connector' }],
      });
    }
  }
  if (input.dingtalkConnectorId) {
    const [connector] = await db
      .select({ id: connectors.id })
      .from(connectors)
      .where(
        and(eq(connectors.id, input.dingtalkConnectorId), inArray(connectors.kind, connectTriggerKinds())),
      );
    if (!connector) {
      throw new AppError('validation_failed', 'errors:subscription.pickDingTalkConnector', {
        issues: [{ path: 'body.dingtalkConnectorId', message: 'errors:subscription.notDingTalkConnector' }],
      });
    }
  }
}

/**
 * An admin adds a subscription (audited). A webhook gets a fresh signing secret, sealed at rest and returned
 * here only: this is the one time it is shown.
 */
export async function createSubscriptionAsAdmin(
  db: Db,
  viewer: Viewer,
  input: CreateSubscriptionData,
  meta: RequestMeta = {},
): Promise<{ subscription: SubscriptionView; secret: string | null }> {
  assertAdmin(viewer);
  if (input.kind !== 'connect_trigger') await assertOutboundUrl(input.url, { path: 'body.url' });
  const id = randomUUID();
  const secret = input.kind === 'webhook' ? generateSigningSecret() : null;
  // A robot's 加签 secret is the admin's (from DingTalk); sealed like a webhook's and never shown again.
  const sealed =
    input.kind === 'dingtalk_robot'
      ? sealSubscriptionSecret(id, input.robotSecret)
      : secret
        ? sealSubscriptionSecret(id, secret)
        : null;
  await db.transaction(async (tx) => {
    await checkReferences(tx, {
      connectorIds: input.connectorIds,
      dingtalkConnectorId: input.kind === 'connect_trigger' ? input.dingtalkConnectorId : null,
    });
    await tx.insert(subscriptions).values({
      id,
      kind: input.kind,
      name: input.name,
      ...(input.kind === 'dingtalk_robot'
        ? sealRobotUrl(id, input.url)
        : { url: input.kind === 'connect_trigger' ? connectTriggerEndpoint() : input.url }),
      secret: sealed,
      secretRotatedAt: sealed ? new Date() : null,
      eventTypes: [...new Set(input.eventTypes)],
      connectorIds: [...new Set(input.connectorIds)],
      processCodes: [...new Set(input.processCodes)],
      config: {
        ...(input.kind === 'connect_trigger'
          ? {
              dingtalkConnectorId: input.dingtalkConnectorId,
              triggerId: input.triggerId,
              appId: input.appId || null,
            }
          : {}),
        ...(input.kind === 'dingtalk_robot' ? { atMode: input.atMode, perMinute: input.perMinute } : {}),
        ...(input.formValues ? { formValues: input.formValues } : {}),
      },
      autoPauseFailures: input.autoPauseFailures,
      autoPauseMinutes: input.autoPauseMinutes,
    });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'subscription.create',
      targetType: 'subscription',
      targetId: id,
      details: { kind: input.kind, name: input.name, eventTypes: input.eventTypes },
      ...meta,
    });
  });
  return { subscription: await getSubscriptionAsAdmin(db, viewer, id), secret };
}

/** An admin edits a subscription (PATCH semantics, audited with the names of the changed fields). */
export async function updateSubscriptionAsAdmin(
  db: Db,
  viewer: Viewer,
  subscriptionId: string,
  input: UpdateSubscriptionData,
  meta: RequestMeta = {},
): Promise<SubscriptionView> {
  assertAdmin(viewer);
  if (input.url !== undefined) await assertOutboundUrl(input.url, { path: 'body.url' });
  await db.transaction(async (tx) => {
    const row = await findSubscription(tx, subscriptionId);
    const isTrigger = row.kind === 'connect_trigger';
    if (isTrigger && input.url !== undefined) {
      throw new AppError('validation_failed', 'errors:subscription.triggerHasNoUrl', {
        issues: [{ path: 'body.url', message: 'errors:notApplicable' }],
      });
    }
    if (!isTrigger && (input.triggerId !== undefined || input.dingtalkConnectorId !== undefined)) {
      throw new AppError('validation_failed', 'errors:subscription.webhookHasNoTrigger', {
        issues: [{ path: 'body.triggerId', message: 'errors:notApplicable' }],
      });
    }
    const isRobot = row.kind === 'dingtalk_robot';
    const robotField = (['robotSecret', 'atMode', 'perMinute'] as const).find((k) => input[k] !== undefined);
    if (!isRobot && robotField) {
      throw new AppError('validation_failed', '只有群机器人有这项设置', {
        issues: [{ path: `body.${robotField}`, message: '不适用' }],
      });
    }
    await checkReferences(tx, input);
    // A robot's edit form shows the masked webhook; sending it back unchanged keeps the sealed one.
    const isNewUrl = input.url !== undefined && !(isRobot && input.url === maskUrl(row.url));
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(isNewUrl && input.url !== undefined
        ? isRobot
          ? sealRobotUrl(subscriptionId, input.url)
          : { url: input.url }
        : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
      ...(input.connectorIds !== undefined ? { connectorIds: [...new Set(input.connectorIds)] } : {}),
      ...(input.processCodes !== undefined ? { processCodes: [...new Set(input.processCodes)] } : {}),
      ...(input.autoPauseFailures !== undefined ? { autoPauseFailures: input.autoPauseFailures } : {}),
      ...(input.autoPauseMinutes !== undefined ? { autoPauseMinutes: input.autoPauseMinutes } : {}),
      ...(input.robotSecret !== undefined
        ? { secret: sealSubscriptionSecret(subscriptionId, input.robotSecret), secretRotatedAt: new Date() }
        : {}),
      ...((isTrigger &&
        (input.triggerId !== undefined ||
          input.dingtalkConnectorId !== undefined ||
          input.appId !== undefined)) ||
      input.atMode !== undefined ||
      input.perMinute !== undefined ||
      input.formValues !== undefined
        ? {
            config: {
              ...row.config,
              ...(isTrigger && input.dingtalkConnectorId !== undefined
                ? { dingtalkConnectorId: input.dingtalkConnectorId }
                : {}),
              ...(isTrigger && input.triggerId !== undefined ? { triggerId: input.triggerId } : {}),
              ...(isTrigger && input.appId !== undefined ? { appId: input.appId || null } : {}),
              ...(input.atMode !== undefined ? { atMode: input.atMode } : {}),
              ...(input.perMinute !== undefined ? { perMinute: input.perMinute } : {}),
              ...(input.formValues !== undefined ? { formValues: input.formValues } : {}),
            },
          }
        : {}),
    };
    if (Object.keys(changes).length === 0) return;
    await tx.update(subscriptions).set(changes).where(eq(subscriptions.id, subscriptionId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'subscription.update',
      targetType: 'subscription',
      targetId: subscriptionId,
      details: { fields: Object.keys(input) },
      ...meta,
    });
  });
  return getSubscriptionAsAdmin(db, viewer, subscriptionId);
}

/** An admin removes a subscription and its delivery log (audited). */
export async function deleteSubscriptionAsAdmin(
  db: Db,
  viewer: Viewer,
  subscriptionId: string,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(viewer);
  await db.transaction(async (tx) => {
    const row = await findSubscription(tx, subscriptionId);
    await tx.delete(subscriptions).where(eq(subscriptions.id, subscriptionId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'subscription.delete',
      targetType: 'subscription',
      targetId: subscriptionId,
      details: { name: row.name, kind: row.kind },
      ...meta,
    });
  });
}

/** A new signing secret (the old one stops verifying at once), returned this one time; audited. */
export async function rotateSubscriptionSecretAsAdmin(
  db: Db,
  viewer: Viewer,
  subscriptionId: string,
  meta: RequestMeta = {},
): Promise<{ secret: string }> {
  assertAdmin(viewer);
  const secret = generateSigningSecret();
  await db.transaction(async (tx) => {
    const row = await findSubscription(tx, subscriptionId);
    if (row.kind !== 'webhook') throw new AppError('conflict', 'errors:subscription.triggerHasNoSecret');
    await tx
      .update(subscriptions)
      .set({ secret: sealSubscriptionSecret(subscriptionId, secret), secretRotatedAt: new Date() })
      .where(eq(subscriptions.id, subscriptionId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'subscription.rotate_secret',
      targetType: 'subscription',
      targetId: subscriptionId,
      ...meta,
    });
  });
  return { secret };
}
