import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { AppError } from '@/lib/errors';
import { assertConnectorHostChange } from '@/lib/security/connector-host-change';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import { updateConnectorRow } from '../update-connector-row';
import {
  type CreateDingTalkConnectorInput,
  createDingTalkConnectorSchema,
  SECRET_FIELDS,
  type UpdateDingTalkConnectorInput,
  updateDingTalkConnectorSchema,
} from './admin-input';
import { type DingTalkConnectorDetail, toDingTalkConnectorDetail } from './admin-view';

const CONFIG_FIELDS = [
  'clientId',
  'deliveryMode',
  'processCodes',
  'apiBase',
  'oapiBase',
  'pcLinkTemplate',
  'mobileLinkTemplate',
  'oaPremium',
] as const;

/**
 * Creates a DingTalk connector. The row is inserted first because its id is the AES-GCM associated data of
 * the sealed secrets (invariant 6); insert, seal and audit commit together.
 */
export async function createDingTalkConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  input: CreateDingTalkConnectorInput,
  meta: AuditMeta = {},
): Promise<DingTalkConnectorDetail> {
  assertAdmin(viewer);
  const data = parseOrThrow(createDingTalkConnectorSchema, input);
  const config = applyConfig({}, data);
  const secrets = applySecrets({}, data);
  assertHttpModeSecrets(config, secrets);
  await assertConnectorHostChange({ before: {}, after: config, storedSecrets: [], enteredSecrets: [] });

  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(connectors)
      .values({ kind: 'dingtalk', name: data.name, corpId: data.corpId, config, enabled: data.enabled })
      .returning({ id: connectors.id });
    if (!inserted) throw new Error('connector insert returned no row');
    const [row] = await tx
      .update(connectors)
      .set({ secrets: sealSecrets(secrets, getSecretsKey(), inserted.id) })
      .where(eq(connectors.id, inserted.id))
      .returning();
    if (!row) throw new Error('connector update returned no row');
    await recordConnectorAudit(
      tx,
      viewer,
      'connector.create',
      row.id,
      {
        name: row.name,
        corpId: row.corpId,
        clientId: config.clientId,
        deliveryMode: config.deliveryMode,
        enabled: row.enabled,
        secretsSet: Object.keys(secrets).sort(),
      },
      meta,
    );
    return toDingTalkConnectorDetail(row);
  });
}

/**
 * Updates a DingTalk connector. Omitted fields keep their values; a secret is replaced only when a new value
 * is given. The worker notices the change on its next refresh (the settings version includes the secrets).
 */
export async function updateDingTalkConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  input: UpdateDingTalkConnectorInput,
  meta: AuditMeta = {},
): Promise<DingTalkConnectorDetail> {
  assertAdmin(viewer);
  const data = parseOrThrow(updateDingTalkConnectorSchema, input);

  const row = await updateConnectorRow(
    db,
    viewer,
    { connectorId, kind: 'dingtalk', notFound: '钉钉连接器不存在', meta },
    { name: data.name, corpId: data.corpId },
    (current, storedSecrets) => {
      const config = applyConfig(current.config, data);
      // Unreadable stored secrets (the key changed) leave none: the admin must enter every secret again.
      const secrets = applySecrets(storedSecrets, data);
      if (!secrets.clientSecret) {
        throw validation('body.clientSecret', '请填写 clientSecret（已保存的密钥无法读取）');
      }
      assertHttpModeSecrets(config, secrets);
      return {
        config,
        secrets,
        auditedFields: CONFIG_FIELDS,
        secretsReplaced: SECRET_FIELDS.filter((f) => data[f] != null),
      };
    },
  );
  return toDingTalkConnectorDetail(row);
}

type SettingsInput = Partial<Record<(typeof CONFIG_FIELDS)[number], unknown>>;

/** Merges given settings into a config; `null` removes a key so its default applies again. */
function applyConfig(base: Record<string, unknown>, data: SettingsInput): Record<string, unknown> {
  const config: Record<string, unknown> = { ...base };
  for (const field of CONFIG_FIELDS) {
    const value = data[field];
    if (value === undefined) continue;
    if (value === null) delete config[field];
    else config[field] = value;
  }
  config.deliveryMode ??= 'stream';
  config.processCodes ??= [];
  return config;
}

function applySecrets(
  base: Record<string, string>,
  data: Partial<Record<(typeof SECRET_FIELDS)[number], string | null | undefined>>,
): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const field of SECRET_FIELDS) {
    const value = data[field] ?? base[field];
    if (value) secrets[field] = value;
  }
  return secrets;
}

/** HTTP callback mode cannot verify or decrypt a callback without both (reference §3). */
function assertHttpModeSecrets(config: Record<string, unknown>, secrets: Record<string, string>) {
  if (config.deliveryMode !== 'http') return;
  const issues = [
    ...(secrets.aesKey ? [] : [{ path: 'body.aesKey', message: 'HTTP 回调模式需要 aesKey' }]),
    ...(secrets.callbackToken ? [] : [{ path: 'body.callbackToken', message: 'HTTP 回调模式需要 token' }]),
  ];
  if (issues.length > 0) {
    throw new AppError('validation_failed', 'HTTP 回调模式需要设置 aesKey 和 token', { issues });
  }
}

function validation(path: string, message: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ path, message }] });
}

/** Routes already parsed the body; parsing again here keeps the functions safe for other callers. */
function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.fromZod(result.error, 'body');
  return result.data;
}
