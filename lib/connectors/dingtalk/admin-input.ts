import { z } from 'zod';
import { dingtalkConfigSchema } from './config';

/** `''` from an emptied form field means "not given" (secrets: keep; optional settings: use the default). */
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

/**
 * An optional setting in an update: `undefined` keeps the stored value, `null` (or `''`) clears it so the
 * default applies (e.g. the process-wide DINGTALK_API_BASE).
 */
function clearable<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToNull, schema.nullable().optional());
}

/** A write-only secret: absent, null or `''` keeps the stored one; a value replaces it. */
function secret<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToNull, schema.nullable().optional());
}

/** DingTalk's EncodingAESKey: 43 characters (the same rule as dingtalkSecretsSchema, with a readable message). */
const AES_KEY = z.string().length(43, 'aesKey 必须是 43 个字符');

const settingsShape = {
  name: z.string().trim().min(1).max(100),
  corpId: z.string().trim().min(1).max(64),
  clientId: dingtalkConfigSchema.shape.clientId,
  deliveryMode: z.enum(['stream', 'http']),
  processCodes: z.array(z.string().trim().min(1).max(128)).max(500),
  apiBase: clearable(z.url({ protocol: /^https?$/ })),
  oapiBase: clearable(z.url({ protocol: /^https?$/ })),
  pcLinkTemplate: clearable(z.string().max(1000)),
  mobileLinkTemplate: clearable(z.string().max(1000)),
  oaPremium: z.boolean(),
  // Secrets (invariant 6): write-only; they are sealed and never sent back.
  clientSecret: secret(z.string().min(1).max(256)),
  aesKey: secret(AES_KEY),
  callbackToken: secret(z.string().min(1).max(256)),
};

/** Body of "create a DingTalk connector": clientSecret is required on create. */
export const createDingTalkConnectorSchema = z.strictObject({
  ...settingsShape,
  clientSecret: z.string().min(1, 'clientSecret 必填').max(256),
  deliveryMode: settingsShape.deliveryMode.default('stream'),
  processCodes: settingsShape.processCodes.default([]),
  oaPremium: settingsShape.oaPremium.default(false),
  enabled: z.boolean().default(true),
});
export type CreateDingTalkConnectorInput = z.input<typeof createDingTalkConnectorSchema>;

/** Body of "update a DingTalk connector": every field optional (PATCH); secrets replace only when given. */
export const updateDingTalkConnectorSchema = z.strictObject({
  name: settingsShape.name.optional(),
  corpId: settingsShape.corpId.optional(),
  clientId: settingsShape.clientId.optional(),
  deliveryMode: settingsShape.deliveryMode.optional(),
  processCodes: settingsShape.processCodes.optional(),
  apiBase: settingsShape.apiBase,
  oapiBase: settingsShape.oapiBase,
  pcLinkTemplate: settingsShape.pcLinkTemplate,
  mobileLinkTemplate: settingsShape.mobileLinkTemplate,
  oaPremium: settingsShape.oaPremium.optional(),
  clientSecret: settingsShape.clientSecret,
  aesKey: settingsShape.aesKey,
  callbackToken: settingsShape.callbackToken,
});
export type UpdateDingTalkConnectorInput = z.input<typeof updateDingTalkConnectorSchema>;

export const SECRET_FIELDS = ['clientSecret', 'aesKey', 'callbackToken'] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];
