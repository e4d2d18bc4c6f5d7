import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { getSecretsKey, sealSecrets } from '@/lib/crypto/secrets';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { unsafeLoadConnectorRuntimeCached } from './load-connector';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

test('the cached runtime follows every change of the row at once: disable, new secrets, new settings, delete', async () => {
  const { id } = await createDingTalkConnector(t.db, {
    sandboxUrl: 'http://127.0.0.1:9',
    corpId: 'dingcorp',
    app: { clientId: 'app', clientSecret: 'secret-1' },
  });
  const first = await unsafeLoadConnectorRuntimeCached(t.db, id);
  expect(first).toMatchObject({ enabled: true, secrets: { clientSecret: 'secret-1' } });

  await t.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, id));
  expect((await unsafeLoadConnectorRuntimeCached(t.db, id))?.enabled).toBe(false);

  await t.db
    .update(connectors)
    .set({ secrets: sealSecrets({ clientSecret: 'secret-2' }, getSecretsKey(), id), enabled: true })
    .where(eq(connectors.id, id));
  expect(await unsafeLoadConnectorRuntimeCached(t.db, id)).toMatchObject({
    enabled: true,
    secrets: { clientSecret: 'secret-2' },
  });

  await t.db
    .update(connectors)
    .set({ config: { clientId: 'app-2', deliveryMode: 'http' } })
    .where(eq(connectors.id, id));
  expect((await unsafeLoadConnectorRuntimeCached(t.db, id))?.config).toEqual({
    clientId: 'app-2',
    deliveryMode: 'http',
  });

  await t.db.delete(connectors).where(eq(connectors.id, id));
  expect(await unsafeLoadConnectorRuntimeCached(t.db, id)).toBeNull();
});
