import { z } from 'zod';
import { YIDA_PUSH_ACTIONS } from './config';

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
/** An optional setting: `undefined` keeps, `null` / `''` clears (the default applies). */
const clearable = <T extends z.ZodType>(schema: T) => z.preprocess(blankToNull, schema.nullable().optional());
const url = z.url({ protocol: /^https?$/ });

const appShape = z.strictObject({
  appType: z.string().trim().min(1, 'appType 必填').max(64),
  name: z.string().trim().max(100).optional(),
  formUuids: z.array(z.string().trim().min(1).max(128)).max(100).default([]),
  /** Write-only: absent or empty keeps the stored token of this appType. */
  systemToken: z.preprocess(blankToNull, z.string().min(1).max(256).nullable().optional()),
});

const settingsShape = {
  name: z.string().trim().min(1).max(100),
  corpId: z.string().trim().min(1).max(64),
  clientId: z.string().trim().min(1).max(128),
  operatorUserId: z.string().trim().min(1, '请填写读取数据所用的宜搭管理员 userId').max(64),
  apps: z.array(appShape).min(1, '至少配置一个宜搭应用').max(50),
  enabledActions: z.array(z.enum(YIDA_PUSH_ACTIONS)),
  signatureWindowSeconds: z.number().int().min(0).max(86_400),
  snapshotSource: z.enum(['openapi', 'push']),
  apiBase: clearable(url),
  oapiBase: clearable(url),
  yidaOrigin: clearable(url),
  pcLinkTemplate: clearable(z.string().max(1000)),
  mobileLinkTemplate: clearable(z.string().max(1000)),
  clientSecret: z.preprocess(blankToNull, z.string().min(1).max(256).nullable().optional()),
  /** An admin's renames of form components (componentId → label), over Yida's form definition. */
  fieldLabels: z
    .record(z.string().trim().min(1).max(128), z.string().trim().min(1).max(100))
    .refine((r) => Object.keys(r).length <= 500, { message: '最多 500 个字段' }),
  /** Time zone of Yida's date-only values (epoch ms at local midnight). */
  timeZone: clearable(
    z.string().refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      },
      { message: '未知的时区' },
    ),
  ),
};

/** Body of "create a Yida connector" (`kind: 'yida'`): the DingTalk app secret and every app's systemToken are required. */
export const createYidaConnectorSchema = z.strictObject({
  kind: z.literal('yida').optional(),
  ...settingsShape,
  clientSecret: z.string().min(1, 'clientSecret 必填').max(256),
  enabledActions: settingsShape.enabledActions.default([...YIDA_PUSH_ACTIONS]),
  signatureWindowSeconds: settingsShape.signatureWindowSeconds.default(900),
  snapshotSource: settingsShape.snapshotSource.default('openapi'),
  fieldLabels: settingsShape.fieldLabels.optional(),
  enabled: z.boolean().default(true),
});
export type CreateYidaConnectorInput = z.input<typeof createYidaConnectorSchema>;

/** Body of "update a Yida connector" (PATCH): omitted fields keep their values; `apps` replaces the list. */
export const updateYidaConnectorSchema = z.strictObject({
  kind: z.literal('yida').optional(),
  name: settingsShape.name.optional(),
  corpId: settingsShape.corpId.optional(),
  clientId: settingsShape.clientId.optional(),
  operatorUserId: settingsShape.operatorUserId.optional(),
  apps: settingsShape.apps.optional(),
  enabledActions: settingsShape.enabledActions.optional(),
  signatureWindowSeconds: settingsShape.signatureWindowSeconds.optional(),
  snapshotSource: settingsShape.snapshotSource.optional(),
  apiBase: settingsShape.apiBase,
  oapiBase: settingsShape.oapiBase,
  yidaOrigin: settingsShape.yidaOrigin,
  pcLinkTemplate: settingsShape.pcLinkTemplate,
  mobileLinkTemplate: settingsShape.mobileLinkTemplate,
  clientSecret: settingsShape.clientSecret,
  fieldLabels: settingsShape.fieldLabels.optional(),
  timeZone: settingsShape.timeZone,
});
export type UpdateYidaConnectorInput = z.input<typeof updateYidaConnectorSchema>;
