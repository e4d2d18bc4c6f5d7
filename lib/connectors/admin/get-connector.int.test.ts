import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { getConnectorAsAdmin } from './get-connector';
import { createConnectorAsAdmin } from './save-connector';

let t: TestDatabase;
let admin: Viewer;

beforeAll(async () => {
  ensureTestSecretsKey();
  t = await createTestDatabase();
  const ids = await createUsers(t.db, [{ username: 'root', name: 'Root' }]);
  admin = { userId: ids.root!, name: 'Root', isAdmin: true };
});

afterAll(async () => {
  await t?.drop();
});

// The connector page showed 最近事件 "—" while events arrived: nothing stamps the time into `health`.
test("a connector's last event is the newest event received for it", async () => {
  const api = await createConnectorAsAdmin(t.db, admin, { kind: 'api', name: 'ERP' });
  const other = await createConnectorAsAdmin(t.db, admin, { kind: 'api', name: 'CRM' });
  expect((await getConnectorAsAdmin(t.db, admin, api.id)).health.lastEventAt).toBeUndefined();

  const older = new Date('2026-03-01T08:00:00Z');
  const newer = new Date('2026-03-01T09:30:00Z');
  await t.db.insert(inboundEvents).values([
    { connectorId: api.id, sourceEventId: 'e1', type: 'x', payload: {}, receivedAt: older },
    { connectorId: api.id, sourceEventId: 'e2', type: 'x', payload: {}, receivedAt: newer },
    { connectorId: other.id, sourceEventId: 'e3', type: 'x', payload: {}, receivedAt: new Date() },
  ]);
  expect((await getConnectorAsAdmin(t.db, admin, api.id)).health.lastEventAt).toBe(newer.toISOString());
});
