import { createHmac } from 'node:crypto';
import { getSecretsKey } from '@/lib/crypto/secrets';
import { rawEnv } from '@/lib/env';

/** The HMAC key of outbound webhooks: WORKFLOW_WEBHOOK_SECRET (share it with receivers). */
export function webhookSecret(): string {
  const configured = rawEnv().WORKFLOW_WEBHOOK_SECRET;
  if (configured) return configured;
  // Unset: a key derived from the secrets key (never from a constant: getSecretsKey throws when it is unset).
  return createHmac('sha256', getSecretsKey()).update('workflow-webhook').digest('hex');
}
