import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveries } from '@/db/schema';
import { type ActRequest, AdapterError, type ConnectorRuntime } from '../types';
import { SIGNATURE_HEADER, signCallbackBody } from './callback-signature';
import { ensureCallbackSubscription } from './ensure-callback-subscription';
import type { ActionCallback } from './push-schema';
import { parsePersonKey } from './resolve-people';

const TIMEOUT_MS = 10_000;

function person(externalUserId: string): ActionCallback['actor'] {
  const parsed = parsePersonKey(externalUserId);
  if (!parsed) return { externalUserId };
  const field =
    parsed.kind === 'user' ? 'userId' : parsed.kind === 'dingtalk' ? 'dingtalkUserId' : parsed.kind;
  return { externalUserId, [field]: parsed.value };
}

/**
 * Tells the source system that someone acted on one of its tasks in Huiban: a POST of the action to the
 * connector's callback URL, signed with HMAC-SHA256 of the body (`X-Huiban-Signature: sha256=<hex>`). One
 * `deliveries` row per action keeps the log (attempts, last status, last error); the write-back job retries
 * with backoff. A 2xx answer is the source's acceptance; 5xx, 408, 429 and network failures are retried,
 * other answers are final refusals.
 */
export async function deliverActionCallback(
  db: Db,
  connector: ConnectorRuntime,
  request: ActRequest,
): Promise<{ response: unknown }> {
  const action = request.action;
  // 加签 / 退回 / 撤回 / 再次提交 are not part of the callback contract: never offered for open-API sources.
  if (action === 'append' || action === 'revert' || action === 'withdraw' || action === 'resubmit')
    throw new AdapterError(`open-API sources do not take ${action}`, { retryable: false });
  const url = typeof connector.config.callbackUrl === 'string' ? connector.config.callbackUrl : '';
  const secret = connector.secrets.callbackSecret;
  if (!url || !secret) {
    throw new AdapterError('this API connector has no callback URL and secret configured', {
      retryable: false,
    });
  }
  const deliveryId =
    request.actionId ?? `${request.instanceExternalId}:${request.externalTaskId}:${request.action}`;
  const payload: ActionCallback = {
    event: 'task.action',
    deliveryId,
    action,
    instanceExternalId: request.instanceExternalId,
    externalTaskId: request.externalTaskId,
    // 代理: the delegate acted for the assignee (the task's person); without a delegation the assignee acted.
    actor: request.delegate
      ? person(request.delegate.externalUserId ?? request.actorExternalId)
      : person(request.actorExternalId),
    onBehalfOf: request.delegate ? person(request.actorExternalId) : null,
    target: request.targetExternalId ? person(request.targetExternalId) : null,
    remark: request.remark,
    occurredAt: (request.requestedAt ?? new Date()).toISOString(),
  };
  const body = JSON.stringify(payload);
  const subscriptionId = await ensureCallbackSubscription(db, connector, url);
  const eventKey = `task.action:${deliveryId}`;
  await db
    .insert(deliveries)
    .values({ subscriptionId, eventKey, eventType: 'task.action', payload })
    .onConflictDoNothing({ target: [deliveries.subscriptionId, deliveries.eventKey] });

  let status: number | null = null;
  let failure: string | null = null;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signCallbackBody(secret, body),
        'x-huiban-event': 'task.action',
        'x-huiban-delivery': deliveryId,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    status = response.status;
    // Drain the body (keeps the connection reusable); its content is not trusted or stored.
    await response.arrayBuffer().catch(() => undefined);
    if (status < 200 || status >= 300) failure = `callback answered HTTP ${status}`;
  } catch (error) {
    failure = `callback failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  await db
    .update(deliveries)
    .set({
      attempts: sql`${deliveries.attempts} + 1`,
      responseStatus: status,
      status: failure ? 'failed' : 'delivered',
      lastError: failure?.slice(0, 500) ?? null,
      deliveredAt: failure ? null : new Date(),
    })
    .where(and(eq(deliveries.subscriptionId, subscriptionId), eq(deliveries.eventKey, eventKey)));
  if (failure) {
    const isRetryable = status === null || status >= 500 || status === 408 || status === 429;
    throw new AdapterError(failure, { retryable: isRetryable });
  }
  return { response: { deliveryId, status } };
}
