import { AppError } from '@/lib/errors';
import { assertOutboundUrl } from './outbound-url';

/** Connector settings that name a host Huiban sends the connector's secrets to. */
export const CONNECTOR_HOST_FIELDS = ['apiBase', 'oapiBase'] as const;
const LINK_TEMPLATE_FIELDS = ['pcLinkTemplate', 'mobileLinkTemplate'] as const;
/** Link templates open in the browser or the DingTalk client: http(s), or DingTalk's own client scheme. */
const LINK_SCHEME = /^(https?:\/\/|dingtalk:\/\/)/i;

/**
 * The write-only-secrets rule: whoever moves a connector to another host must prove they
 * know its secrets by entering all of them again in the same request, otherwise an admin account (or a stolen
 * admin session) could point `apiBase` at its own server and receive the stored clientSecret/systemToken.
 * New hosts must pass the outbound policy; link templates must be http(s) (or dingtalk://). Returns the host
 * fields that changed, for the audit line.
 */
export async function assertConnectorHostChange(input: {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** Names of the secrets stored before this change. */
  storedSecrets: string[];
  /** Names of the secrets given in this request. */
  enteredSecrets: string[];
}): Promise<string[]> {
  for (const field of LINK_TEMPLATE_FIELDS) {
    const value = input.after[field];
    if (typeof value === 'string' && value !== '' && !LINK_SCHEME.test(value.trim())) {
      throw new AppError('validation_failed', '链接模板必须以 http(s):// 开头', {
        issues: [{ path: `body.${field}`, message: '链接模板必须以 http(s):// 开头' }],
      });
    }
  }
  // Clearing a host returns it to the official DingTalk default: no secret can leak there.
  const changed = CONNECTOR_HOST_FIELDS.filter(
    (field) =>
      normalize(input.after[field]) !== '' &&
      normalize(input.before[field]) !== normalize(input.after[field]),
  );
  if (changed.length === 0) return [];
  for (const field of changed) {
    const value = input.after[field];
    if (typeof value === 'string' && value) await assertOutboundUrl(value, { path: `body.${field}` });
  }
  const missing = input.storedSecrets.filter((name) => !input.enteredSecrets.includes(name));
  if (missing.length > 0) {
    const message = `更改连接器地址（${changed.join(', ')}）时必须重新填写全部密钥`;
    throw new AppError('validation_failed', message, {
      issues: missing.map((name) => ({ path: `body.${name}`, message })),
    });
  }
  return changed;
}

function normalize(value: unknown): string {
  return typeof value === 'string' ? value.trim().replace(/\/+$/, '').toLowerCase() : '';
}
