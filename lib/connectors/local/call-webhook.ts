import { getSecretsKey } from '@/lib/crypto/secrets';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '@/lib/crypto/signature';
import { assertOutboundUrl } from '@/lib/security/outbound-url';
import { AdapterError } from '../types';
import type { LoadedRun } from './load-run';
import { openWebhookHeaders } from './webhook-headers';
import { webhookSecret } from './webhook-secret';

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * An automation step's webhook (docs/local-workflows.md § Automation): POSTs the run as JSON, signed with
 * `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. The timestamp is in milliseconds (unlike event
 * distribution's seconds): receivers already verify this format. The delivery id is the effect id, the same
 * on every retry, for receivers to dedupe.
 */
export async function callWebhook(
  action: { url: string; headers?: Record<string, string> | undefined },
  loaded: LoadedRun,
  step: { id: string; name: string },
  deliveryId: string,
): Promise<string> {
  const body = JSON.stringify({
    event: 'workflow.automation',
    deliveryId,
    runId: loaded.run.id,
    definition: {
      key: loaded.body.definitionKey,
      name: loaded.body.definitionName,
      version: loaded.body.version,
    },
    step: { id: step.id, name: step.name },
    originator: loaded.originator,
    values: loaded.run.values,
  });
  const timestamp = String(Date.now());
  let headers: Record<string, string>;
  try {
    // Sealed at rest; opened only here, for this one request (lib/connectors/local/webhook-headers.ts).
    headers = openWebhookHeaders(action.headers, loaded.body.definitionId, getSecretsKey);
  } catch (error) {
    throw new AdapterError('webhook headers cannot be decrypted (HUIBAN_SECRETS_KEY changed?)', {
      retryable: false,
      cause: error,
    });
  }
  try {
    await assertOutboundUrl(action.url, { path: 'url' });
  } catch (error) {
    throw new AdapterError('webhook target refused by the outbound policy', {
      retryable: false,
      cause: error,
    });
  }
  let response: Response;
  try {
    response = await fetch(action.url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'x-huiban-delivery': deliveryId,
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signBody(webhookSecret(), body, timestamp),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    throw new AdapterError(`webhook unreachable: ${(error as Error).name}`, {
      retryable: true,
      cause: error,
    });
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return `Webhook HTTP ${response.status}`;
  throw new AdapterError(`webhook answered HTTP ${response.status}`, {
    retryable: response.status >= 500 || response.status === 429 || response.status === 408,
  });
}
