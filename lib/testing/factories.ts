import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, users } from '@/db/schema';
import { createApiConnectorAsAdmin } from '@/lib/connectors/api/create-api-connector';
import { createApiKeyAsAdmin } from '@/lib/connectors/api/create-api-key';
import { generateSecretsKey, getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { createUser } from '@/lib/people/create-user';
import { plantSecrets } from './planted-secrets';

/** Test processes get their own secrets key unless one is set; connectors are sealed with it. */
export function ensureTestSecretsKey(): void {
  process.env.HUIBAN_SECRETS_KEY ??= generateSecretsKey();
}

/** A DingTalk connector pointed at a sandbox, its secrets encrypted like the admin UI stores them. */
export async function createDingTalkConnector(
  db: Db,
  input: {
    sandboxUrl: string;
    corpId: string;
    app: { clientId: string; clientSecret: string; aesKey?: string; callbackToken?: string };
    deliveryMode?: 'stream' | 'http';
    name?: string;
    /** More settings (e.g. `processCodes`), merged over the defaults. */
    config?: Record<string, unknown>;
  },
): Promise<{ id: string }> {
  ensureTestSecretsKey();
  const [row] = await db
    .insert(connectors)
    .values({
      kind: 'dingtalk',
      name: input.name ?? `钉钉 ${randomBytes(3).toString('hex')}`,
      corpId: input.corpId,
      config: {
        clientId: input.app.clientId,
        deliveryMode: input.deliveryMode ?? 'stream',
        apiBase: input.sandboxUrl,
        oapiBase: input.sandboxUrl,
        ...input.config,
      },
    })
    .returning({ id: connectors.id });
  if (!row) throw new Error('connector insert failed');
  plantSecrets(input.app.clientSecret, input.app.aesKey, input.app.callbackToken);
  const secrets: Record<string, string> = { clientSecret: input.app.clientSecret };
  if (input.app.aesKey) secrets.aesKey = input.app.aesKey;
  if (input.app.callbackToken) secrets.callbackToken = input.app.callbackToken;
  await db
    .update(connectors)
    .set({ secrets: sealSecrets(secrets, getSecretsKey(), row.id) })
    .where(eq(connectors.id, row.id));
  return row;
}

/** A Yida connector pointed at a sandbox: one app, its systemToken sealed per app like the admin UI does. */
export async function createYidaConnector(
  db: Db,
  input: {
    sandboxUrl: string;
    corpId: string;
    app: { clientId: string; clientSecret: string };
    yida: { appType: string; systemToken: string; formUuid: string };
    operatorUserId: string;
    config?: Record<string, unknown>;
    name?: string;
  },
): Promise<{ id: string }> {
  ensureTestSecretsKey();
  const [row] = await db
    .insert(connectors)
    .values({
      kind: 'yida',
      name: input.name ?? `宜搭 ${randomBytes(3).toString('hex')}`,
      corpId: input.corpId,
      config: {
        clientId: input.app.clientId,
        apps: [{ appType: input.yida.appType, formUuids: [input.yida.formUuid] }],
        operatorUserId: input.operatorUserId,
        apiBase: input.sandboxUrl,
        ...input.config,
      },
    })
    .returning({ id: connectors.id });
  if (!row) throw new Error('connector insert failed');
  plantSecrets(input.app.clientSecret, input.yida.systemToken);
  const secrets = {
    clientSecret: input.app.clientSecret,
    [`systemToken.${input.yida.appType}`]: input.yida.systemToken,
  };
  await db
    .update(connectors)
    .set({ secrets: sealSecrets(secrets, getSecretsKey(), row.id) })
    .where(eq(connectors.id, row.id));
  return row;
}

/**
 * A local account per entry (password `test-password-1`; `password: null` for an account provisioned without one,
 * which signs in through DingTalk and which directory sync may link by a profile field); returns username → user id.
 */
export async function createUsers(
  db: Db,
  people: {
    username: string;
    name: string;
    email?: string;
    mobile?: string;
    jobNumber?: string;
    password?: string | null;
  }[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const { password, ...p } of people) {
    await createUser(db, { ...p, password: password === null ? undefined : (password ?? 'test-password-1') });
    const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, p.username));
    if (row) ids[p.username] = row.id;
  }
  return ids;
}

/** An open-API connector with one API key (returned in clear, as the admin sees it once) and a callback. */
export async function createApiConnectorWithKey(
  db: Db,
  input: { name?: string; callbackUrl?: string } = {},
): Promise<{ id: string; key: string; keyId: string; callbackSecret?: string }> {
  ensureTestSecretsKey();
  const admin = { userId: await anyAdminId(db), name: 'admin', isAdmin: true };
  const connector = await createApiConnectorAsAdmin(db, admin, {
    name: input.name ?? `API ${randomBytes(3).toString('hex')}`,
    callbackUrl: input.callbackUrl,
  });
  const key = await createApiKeyAsAdmin(db, admin, connector.id, { name: 'test key' });
  plantSecrets(key.key, connector.callbackSecret);
  return { id: connector.id, key: key.key, keyId: key.id, callbackSecret: connector.callbackSecret };
}

async function anyAdminId(db: Db): Promise<string> {
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  if (admin) return admin.id;
  const username = `admin-${randomBytes(3).toString('hex')}`;
  await createUser(db, { username, name: username, password: 'test-password-1', role: 'admin' });
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!row) throw new Error('admin insert failed');
  return row.id;
}
