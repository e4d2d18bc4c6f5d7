import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { AppError } from '@/lib/errors';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import { updateConnectorRow } from '../update-connector-row';
import {
  type CreateYidaConnectorInput,
  createYidaConnectorSchema,
  type UpdateYidaConnectorInput,
  updateYidaConnectorSchema,
} from './admin-input';
import { toYidaConnectorDetail, type YidaConnectorDetail } from './admin-view';
import { systemTokenKey } from './config';

const CONFIG_FIELDS = [
  'clientId',
  'operatorUserId',
  'enabledActions',
  'signatureWindowSeconds',
  'snapshotSource',
  'apiBase',
  'oapiBase',
  'yidaOrigin',
  'pcLinkTemplate',
  'mobileLinkTemplate',
  'fieldLabels',
  'timeZone',
] as const;

type Parsed = z.output<typeof updateYidaConnectorSchema>;

/**
 * Creates a Yida connector: the DingTalk app credentials for the OpenAPI, the apps (appType, forms to
 * reconcile, systemToken), the push actions taken. Secrets are sealed with the row id as associated data
 * (invariant 6); insert, seal and audit commit together.
 */
export async function createYidaConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  input: CreateYidaConnectorInput,
  meta: AuditMeta = {},
): Promise<YidaConnectorDetail> {
  assertAdmin(viewer);
  const data = parseOrThrow(createYidaConnectorSchema, input);
  const config = applyConfig({}, data);
  const secrets = applySecrets({}, data);
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(connectors)
      .values({ kind: 'yida', name: data.name, corpId: data.corpId, config, enabled: data.enabled })
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
        kind: 'yida',
        name: row.name,
        corpId: row.corpId,
        apps: data.apps.map((a) => a.appType),
        enabled: row.enabled,
        secretsSet: Object.keys(secrets).sort(),
      },
      meta,
    );
    return toYidaConnectorDetail(row);
  });
}

/** Updates a Yida connector; a secret is replaced only when a new value is given. */
export async function updateYidaConnectorAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  input: UpdateYidaConnectorInput,
  meta: AuditMeta = {},
): Promise<YidaConnectorDetail> {
  assertAdmin(viewer);
  const data = parseOrThrow(updateYidaConnectorSchema, input);
  const row = await updateConnectorRow(
    db,
    viewer,
    { connectorId, kind: 'yida', notFound: '宜搭连接器不存在', meta },
    { name: data.name, corpId: data.corpId },
    (current, storedSecrets) => ({
      config: applyConfig(current.config, data),
      secrets: applySecrets(storedSecrets, data),
      auditedFields: [...CONFIG_FIELDS, 'apps'],
      secretsReplaced: [
        ...(data.clientSecret ? ['clientSecret'] : []),
        ...(data.apps ?? []).filter((a) => a.systemToken).map((a) => systemTokenKey(a.appType)),
      ],
    }),
  );
  return toYidaConnectorDetail(row);
}

function applyConfig(base: Record<string, unknown>, data: Parsed): Record<string, unknown> {
  const config: Record<string, unknown> = { ...base };
  for (const field of CONFIG_FIELDS) {
    const value = data[field];
    if (value === undefined) continue;
    if (value === null) delete config[field];
    else config[field] = value;
  }
  if (data.apps) {
    config.apps = data.apps.map((a) => ({
      appType: a.appType,
      ...(a.name ? { name: a.name } : {}),
      formUuids: a.formUuids,
    }));
  }
  return config;
}

/** The DingTalk app secret plus one systemToken per configured app; tokens of removed apps are dropped. */
function applySecrets(base: Record<string, string>, data: Parsed): Record<string, string> {
  const secrets: Record<string, string> = {};
  const clientSecret = data.clientSecret ?? base.clientSecret;
  if (clientSecret) secrets.clientSecret = clientSecret;
  const apps: { appType: string; systemToken?: string | null }[] =
    data.apps ??
    Object.keys(base).flatMap((k) => (k.startsWith('systemToken.') ? [{ appType: k.slice(12) }] : []));
  const missing: string[] = [];
  apps.forEach((app, i) => {
    const key = systemTokenKey(app.appType);
    const token = app.systemToken ?? base[key];
    if (token) secrets[key] = token;
    else missing.push(`body.apps.${i}.systemToken`);
  });
  const issues = [
    ...(secrets.clientSecret ? [] : [{ path: 'body.clientSecret', message: '请填写 clientSecret' }]),
    ...missing.map((path) => ({ path, message: '请填写该应用的 systemToken' })),
  ];
  if (issues.length > 0)
    throw new AppError('validation_failed', issues[0]?.message ?? '缺少密钥', { issues });
  return secrets;
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw AppError.fromZod(result.error, 'body');
  return result.data;
}
