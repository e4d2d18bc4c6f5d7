import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray } from 'drizzle-orm';
import { verifyPassword } from '@/lib/auth/passwords';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { sendJob } from '@/lib/jobs/send-job';
import { disableDemoData } from '@/lib/operations/disable-demo-data';
import { createUser } from '@/lib/people/create-user';
import { hasActiveAdmin, issueSetupToken } from '@/lib/people/setup-token';
import { createDb, type Db } from './client';
import { connectors, identities, users } from './schema';
import {
  DEMO_CONNECTOR_NAME,
  DEMO_CORP_ID,
  DEMO_DINGTALK_APP,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_YIDA_APP,
  DEMO_YIDA_CONNECTOR_NAME,
} from './seed-data';

export type SeedOptions = {
  demo: boolean;
  admin?: { email: string; password: string };
  /** Demo mode: the sandbox's URL, for the demo org's DingTalk connector (Stream mode). */
  sandboxUrl?: string;
};

/**
 * Seeds what every installation needs (the local-workflow connector, the first admin from env) and, in demo
 * mode, the demo organisation's accounts. Idempotent: a second run adds nothing.
 */
export async function seed(db: Db, options: SeedOptions): Promise<{ createdUsers: number }> {
  let createdUsers = 0;
  const [local] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(eq(connectors.kind, 'local'))
    .limit(1);
  if (!local) await db.insert(connectors).values({ kind: 'local', name: '汇办本地流程' });

  if (options.admin) {
    const { created } = await createUser(db, {
      email: options.admin.email,
      name: options.admin.email.split('@')[0] ?? 'admin',
      password: options.admin.password,
      role: 'admin',
    });
    if (created) createdUsers += 1;
  }

  if (options.demo) {
    // Hashing is slow on purpose: skip people who already exist instead of hashing for nothing.
    const existing = await db
      .select({
        id: users.id,
        username: users.username,
        status: users.status,
        passwordHash: users.passwordHash,
      })
      .from(users)
      .where(
        and(
          inArray(
            users.username,
            DEMO_USERS.map((u) => u.username),
          ),
        ),
      );
    const have = new Set(existing.map((u) => u.username));
    // Demo mode back on: the accounts a demo-off start disabled (still on the demo password) come back.
    for (const user of existing) {
      if (user.status !== 'disabled' || !user.passwordHash) continue;
      if (await verifyPassword(DEMO_PASSWORD, user.passwordHash)) {
        await db.update(users).set({ status: 'active' }).where(eq(users.id, user.id));
      }
    }
    for (const person of DEMO_USERS) {
      if (have.has(person.username)) continue;
      const { created } = await createUser(db, { ...person, password: DEMO_PASSWORD });
      if (created) createdUsers += 1;
    }
  }
  if (options.demo && options.sandboxUrl) {
    await seedDemoConnector(db, options.sandboxUrl);
    await seedDemoYidaConnector(db, options.sandboxUrl);
    await linkDemoPeople(db);
  }
  return { createdUsers };
}

/**
 * Directory sync never links an account that has a password (or is an admin) by mobile or email
 * (lib/people/match-identity.ts), so the demo people's DingTalk and Yida identities are linked here, as an admin
 * would link them by hand. In the demo org (the sandbox), a person's DingTalk userId is their username.
 */
async function linkDemoPeople(db: Db): Promise<void> {
  const people = await db
    .select({ id: users.id, username: users.username, name: users.name })
    .from(users)
    .where(
      inArray(
        users.username,
        DEMO_USERS.map((u) => u.username),
      ),
    );
  const demoConnectors = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(
      and(
        eq(connectors.corpId, DEMO_CORP_ID),
        inArray(connectors.name, [DEMO_CONNECTOR_NAME, DEMO_YIDA_CONNECTOR_NAME]),
      ),
    );
  for (const connector of demoConnectors) {
    for (const person of people) {
      if (!person.username) continue;
      await db
        .insert(identities)
        .values({
          connectorId: connector.id,
          userId: person.id,
          externalUserId: person.username,
          unionId: `union_${person.username}`,
          name: person.name,
          matchedBy: 'manual',
        })
        .onConflictDoNothing();
    }
  }
}

/**
 * The demo org's DingTalk app as a Stream-mode connector pointed at the sandbox, so the sandbox's approvals
 * flow into the inbox exactly as a real org's would. Re-pointed at the sandbox URL on every start.
 */
async function seedDemoConnector(db: Db, sandboxUrl: string): Promise<void> {
  const config = {
    clientId: DEMO_DINGTALK_APP.clientId,
    // The sandbox demo app's agent id: work notices (task announcements) are sent through it.
    agentId: DEMO_DINGTALK_APP.agentId,
    deliveryMode: 'stream',
    apiBase: sandboxUrl,
    oapiBase: sandboxUrl,
  };
  const [existing] = await db
    .select({ id: connectors.id, config: connectors.config })
    .from(connectors)
    .where(and(eq(connectors.kind, 'dingtalk'), eq(connectors.name, DEMO_CONNECTOR_NAME)))
    .limit(1);
  if (existing) {
    // Re-enabled too: a start without demo mode disables it (lib/security/disable-demo-data.ts).
    await db.update(connectors).set({ config, enabled: true }).where(eq(connectors.id, existing.id));
    return;
  }
  const [row] = await db
    .insert(connectors)
    .values({ kind: 'dingtalk', name: DEMO_CONNECTOR_NAME, corpId: DEMO_CORP_ID, config })
    .returning({ id: connectors.id });
  if (!row) return;
  const secrets = sealSecrets({ clientSecret: DEMO_DINGTALK_APP.clientSecret }, getSecretsKey(), row.id);
  await db.update(connectors).set({ secrets }).where(eq(connectors.id, row.id));
}

/**
 * The demo org's Yida app as a connector pointed at the sandbox (OpenAPI on the sandbox; pushes registered by
 * registerDemoYidaPushTargets once the app's URL is known). Re-pointed at the sandbox URL on every start.
 */
async function seedDemoYidaConnector(db: Db, sandboxUrl: string): Promise<void> {
  const config = {
    clientId: DEMO_DINGTALK_APP.clientId,
    apps: [{ appType: DEMO_YIDA_APP.appType, name: '行政服务', formUuids: [DEMO_YIDA_APP.formUuid] }],
    // 王敏 administers the demo org: Yida reads run with an app admin's permission.
    operatorUserId: 'wangmin',
    apiBase: sandboxUrl,
    oapiBase: sandboxUrl,
    // No hand-kept labels: they come from the form definition (GetFieldDefByUuid).
  };
  const [existing] = await db
    .select({ id: connectors.id, config: connectors.config })
    .from(connectors)
    .where(and(eq(connectors.kind, 'yida'), eq(connectors.name, DEMO_YIDA_CONNECTOR_NAME)))
    .limit(1);
  if (existing) {
    await db.update(connectors).set({ config, enabled: true }).where(eq(connectors.id, existing.id));
    return;
  }
  const [row] = await db
    .insert(connectors)
    .values({ kind: 'yida', name: DEMO_YIDA_CONNECTOR_NAME, corpId: DEMO_CORP_ID, config })
    .returning({ id: connectors.id });
  if (!row) return;
  const secrets = sealSecrets(
    {
      clientSecret: DEMO_DINGTALK_APP.clientSecret,
      [`systemToken.${DEMO_YIDA_APP.appType}`]: DEMO_YIDA_APP.systemToken,
    },
    getSecretsKey(),
    row.id,
  );
  await db.update(connectors).set({ secrets }).where(eq(connectors.id, row.id));
}

/**
 * Demo mode: points the sandbox's Yida integration center at this app's five push URLs (what an admin pastes
 * into Yida), and queues a reconciliation so the instances the sandbox created before that show up at once.
 */
export async function registerDemoYidaPushTargets(db: Db, sandboxUrl: string, appUrl: string): Promise<void> {
  const [row] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(and(eq(connectors.kind, 'yida'), eq(connectors.name, DEMO_YIDA_CONNECTOR_NAME)))
    .limit(1);
  if (!row) return;
  const base = `${appUrl.replace(/\/$/, '')}/api/callbacks/yida/${row.id}`;
  const targets = Object.fromEntries(
    ['create', 'complete', 'cancel', 'delete', 'cc'].map((action) => [action, `${base}/${action}`]),
  );
  const response = await fetch(`${sandboxUrl}/__control/yida/apps/${DEMO_YIDA_APP.appType}/push-targets`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(targets),
  });
  if (!response.ok) throw new Error(`sandbox refused the Yida push targets: HTTP ${response.status}`);
  await sendJob(db, 'reconcile-connectors', { connectorId: row.id });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set');
    process.exit(1);
  }
  const db = createDb(url, { max: 1 });
  const admin =
    process.env.HUIBAN_ADMIN_EMAIL && process.env.HUIBAN_ADMIN_PASSWORD
      ? { email: process.env.HUIBAN_ADMIN_EMAIL, password: process.env.HUIBAN_ADMIN_PASSWORD }
      : undefined;
  const demo = process.env.HUIBAN_DEMO === 'true';
  seed(db, { demo, admin })
    .then(async (result) => {
      console.log(`seeded: ${result.createdUsers} new user(s)`);
      // The same rules as `npm start` (scripts/dev.ts): demo leftovers disabled, a setup token without an admin.
      if (!demo) {
        const disabled = await disableDemoData(db);
        if (disabled.users.length || disabled.connectors.length)
          console.log(
            `demo mode is off: disabled ${disabled.users.length} account(s), ${disabled.connectors.length} connector(s)`,
          );
        if (!(await hasActiveAdmin(db))) {
          console.log(
            `no admin yet: open <APP_URL>/setup with the one-time setup token ${await issueSetupToken(db)}`,
          );
        }
      }
      await db.$client.end();
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
