import { bindTranslator, type Messages, type MessageVars } from './bind-translator';
import type { Namespace } from './catalog';

/** What the UI needs of a validation issue to say it in its own language; the server sends it with each issue. */
export type IssueFacts = { code?: string; params?: Record<string, string | number | boolean> };
export type LocalizableIssue = IssueFacts & { message: string };

/** The zod issue fields that carry limits, kept in a form that survives JSON. */
export function issueFacts(issue: {
  code: string;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: unknown;
  expected?: unknown;
  format?: unknown;
  divisor?: unknown;
  values?: unknown;
  keys?: unknown;
}): IssueFacts {
  const params: Record<string, string | number | boolean> = {};
  for (const name of ['origin', 'expected', 'format'] as const)
    if (typeof issue[name] === 'string') params[name] = issue[name] as string;
  for (const name of ['minimum', 'maximum', 'divisor'] as const) {
    const v = issue[name];
    if (typeof v === 'number' || typeof v === 'bigint') params[name] = Number(v);
  }
  if (typeof issue.inclusive === 'boolean') params.inclusive = issue.inclusive;
  if (Array.isArray(issue.values)) params.values = issue.values.map(String).join(', ');
  if (Array.isArray(issue.keys)) params.keys = issue.keys.map(String).join(', ');
  return { code: issue.code, params };
}

/**
 * zod's own English texts ("Too small: expected array to have >=1 items", "Invalid input: expected string").
 * Such a message is replaced by ours; a message a schema wrote itself (a rule's own words) is kept.
 */
const ZOD_DEFAULT =
  /^(Invalid input|Invalid option|Invalid string|Invalid number|Invalid key|Invalid element|Invalid value|Invalid|Too small|Too big|Unrecognized key|Required|Expected)\b/;

const QUALIFIED = /^([a-zA-Z]+):([\w.-]+)$/;

/**
 * A message written as `namespace:key` (a schema's custom rule) in the language of `messages` (one language of
 * the catalog: `messagesOf(locale)` on the server, the provider's on the client), or null when it is not one.
 */
export function translateKeyMessage(messages: Messages, message: string): string | null {
  const match = QUALIFIED.exec(message);
  if (!match) return null;
  const namespace = match[1] as Namespace;
  return messages[namespace]?.[match[2]!] !== undefined
    ? bindTranslator(messages, namespace)(message as never)
    : null;
}

/** One issue in the UI language: a keyed custom message, else zod's default by code and limits, else as sent. */
export function localizeIssue(messages: Messages, issue: LocalizableIssue): string {
  const keyed = translateKeyMessage(messages, issue.message);
  if (keyed !== null) return keyed;
  if (!issue.code || issue.code === 'custom' || !ZOD_DEFAULT.test(issue.message)) return issue.message;
  const t = bindTranslator(messages, 'validation');
  const p = issue.params ?? {};
  const vars: MessageVars = {};
  for (const [k, v] of Object.entries(p)) vars[k] = typeof v === 'boolean' ? String(v) : v;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = String(p.expected ?? '');
      if (/undefined/.test(issue.message) || /received undefined$/.test(issue.message)) return t('required');
      const type = ['string', 'number', 'boolean', 'array', 'object', 'date'].includes(expected)
        ? t(`type.${expected}` as 'type.string')
        : expected;
      return t('invalid_type', { expected: type });
    }
    case 'too_small':
    case 'too_big': {
      const origin = String(p.origin ?? '');
      const kind = ['string', 'array', 'number'].includes(origin) ? origin : 'other';
      const base = `${issue.code}.${kind}`;
      if (issue.code === 'too_small' && kind !== 'number' && kind !== 'other' && Number(p.minimum) === 1)
        return t(`${base}.one` as 'too_small.string.one', vars);
      if (kind === 'number' && p.inclusive === false)
        return t(`${base}.exclusive` as 'too_small.number.exclusive', vars);
      return t(base as 'too_small.string', vars);
    }
    case 'invalid_format': {
      const format = String(p.format ?? '');
      if (format === 'email' || format === 'url' || format === 'uuid')
        return t(`invalid_format.${format}` as 'invalid_format.email');
      return t('invalid_format', vars);
    }
    case 'not_multiple_of':
    case 'unrecognized_keys':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'invalid_value':
      return t(issue.code, vars);
    default:
      return t('invalid');
  }
}
