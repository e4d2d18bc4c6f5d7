import { createHmac } from 'node:crypto';

/**
 * A custom robot's webhook with its 加签 parameters (dingtalk-wave2-apis.md §4.2): `timestamp` (ms, fresh per
 * request: DingTalk refuses one more than an hour off) and `sign` = Base64(HmacSHA256(secret,
 * `timestamp\nsecret`)), URL-encoded exactly once.
 */
export function signRobotUrl(webhook: string, secret: string, now = Date.now()): string {
  const timestamp = String(now);
  const digest = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  const joiner = webhook.includes('?') ? '&' : '?';
  return `${webhook}${joiner}timestamp=${timestamp}&sign=${encodeURIComponent(digest)}`;
}
