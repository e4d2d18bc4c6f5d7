import { decryptSecret, encryptSecret } from '@/lib/crypto/secrets';
import { AppError } from '@/lib/errors';
import { WEBHOOK_HEADER_MASK, WEBHOOK_HEADER_VALUE_MAX } from './definition-schema';

/**
 * Automation webhook headers (`X-Token: …`) are credentials of the receiving system, so they are write-only
 * like connector secrets (invariant 6): stored AES-GCM-sealed in the definition's draft and versions, shown to
 * admins only as WEBHOOK_HEADER_MASK, and opened only by the effect job that sends the webhook. Rows written
 * before this (plain values) still work: they are masked the same way, sent as they are, and sealed at the next
 * save of the draft.
 */
const SEALED_PREFIX = 'sealed:';

type Json = Record<string, unknown>;
type Headers = Record<string, string>;

function context(definitionId: string): string {
  return `workflow-webhook-headers:${definitionId}`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `steps` with each webhook step's headers replaced by `change(headers, step)` (nested branches too). */
function mapWebhookHeaders(steps: unknown, change: (headers: Headers, step: Json) => Headers): unknown {
  if (!Array.isArray(steps)) return steps;
  return steps.map((step) => {
    if (!isObject(step)) return step;
    if (step.kind === 'condition' && Array.isArray(step.branches)) {
      return {
        ...step,
        branches: step.branches.map((branch) =>
          isObject(branch) ? { ...branch, steps: mapWebhookHeaders(branch.steps, change) } : branch,
        ),
      };
    }
    const action = step.action;
    if (step.kind !== 'automation' || !isObject(action) || action.type !== 'webhook') return step;
    if (!isObject(action.headers)) return step;
    return { ...step, action: { ...action, headers: change(action.headers as Headers, step) } };
  });
}

/** Every webhook step's headers by step id, as stored. */
function storedHeadersByStep(steps: unknown): Map<string, Headers> {
  const found = new Map<string, Headers>();
  mapWebhookHeaders(steps, (headers, step) => {
    found.set(String(step.id), headers);
    return headers;
  });
  return found;
}

/** Steps (a draft's or a version's) with every header value shown as WEBHOOK_HEADER_MASK. */
export function maskWebhookHeaderSteps(steps: unknown): unknown {
  return mapWebhookHeaders(steps, (headers) =>
    Object.fromEntries(Object.keys(headers).map((name) => [name, WEBHOOK_HEADER_MASK])),
  );
}

/** A body (`{ form, steps, options }`) with its header values masked. */
export function maskWebhookHeaders<T>(body: T): T {
  return isObject(body) ? ({ ...body, steps: maskWebhookHeaderSteps(body.steps) } as T) : body;
}

/**
 * The draft an admin saves, with its header values sealed for storage. A value equal to WEBHOOK_HEADER_MASK
 * means "unchanged": the value stored for the same step and header name is kept (sealed if it was a plain
 * legacy value); a masked header with nothing stored under that step and name is a 400 (enter it again).
 */
export function sealWebhookHeaders<T>(
  draft: T,
  previousDraft: unknown,
  definitionId: string,
  key: () => Buffer,
): T {
  if (!isObject(draft)) return draft;
  const previous = storedHeadersByStep(isObject(previousDraft) ? previousDraft.steps : undefined);
  const steps = mapWebhookHeaders(draft.steps, (headers, step) => {
    const before = previous.get(String(step.id)) ?? {};
    return Object.fromEntries(
      Object.entries(headers).map(([name, value]) => {
        if (value === WEBHOOK_HEADER_MASK) {
          const kept = Object.entries(before).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
          if (kept === undefined) {
            throw new AppError('bad_request', `请重新填写请求头 ${name} 的值`);
          }
          return [name, kept.startsWith(SEALED_PREFIX) ? kept : seal(kept, definitionId, key)];
        }
        if (typeof value !== 'string' || value.length > WEBHOOK_HEADER_VALUE_MAX) {
          throw new AppError('bad_request', `请求头 ${name} 的值不能超过 ${WEBHOOK_HEADER_VALUE_MAX} 个字符`);
        }
        return [name, seal(value, definitionId, key)];
      }),
    );
  });
  return { ...draft, steps } as T;
}

function seal(value: string, definitionId: string, key: () => Buffer): string {
  return `${SEALED_PREFIX}${encryptSecret(value, key(), context(definitionId))}`;
}

/** The headers to send: sealed values opened, plain legacy values as they are. */
export function openWebhookHeaders(
  headers: Headers | undefined,
  definitionId: string,
  key: () => Buffer,
): Headers {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [
      name,
      value.startsWith(SEALED_PREFIX)
        ? decryptSecret(value.slice(SEALED_PREFIX.length), key(), context(definitionId))
        : value,
    ]),
  );
}
