import { afterEach, expect, test } from 'vitest';
import { generateSecretsKey } from '@/lib/crypto/secrets';
import { webhookSecret } from './webhook-secret';

const saved = { ...process.env };
afterEach(() => {
  process.env.HUIBAN_SECRETS_KEY = saved.HUIBAN_SECRETS_KEY;
  process.env.WORKFLOW_WEBHOOK_SECRET = saved.WORKFLOW_WEBHOOK_SECRET;
  if (saved.HUIBAN_SECRETS_KEY === undefined) delete process.env.HUIBAN_SECRETS_KEY;
  if (saved.WORKFLOW_WEBHOOK_SECRET === undefined) delete process.env.WORKFLOW_WEBHOOK_SECRET;
});

test('the workflow webhook secret never falls back to a constant: configured, or derived from the secrets key', () => {
  delete process.env.WORKFLOW_WEBHOOK_SECRET;
  delete process.env.HUIBAN_SECRETS_KEY;
  expect(() => webhookSecret()).toThrow(/HUIBAN_SECRETS_KEY/);
  process.env.HUIBAN_SECRETS_KEY = generateSecretsKey();
  const first = webhookSecret();
  process.env.HUIBAN_SECRETS_KEY = generateSecretsKey();
  expect(webhookSecret()).not.toBe(first);
  process.env.WORKFLOW_WEBHOOK_SECRET = 'shared-with-receivers';
  expect(webhookSecret()).toBe('shared-with-receivers');
});
