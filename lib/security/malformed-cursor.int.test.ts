import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { createUsers } from '@/lib/testing/factories';

let t: TestDatabase;
let viewer: { userId: string; name: string; isAdmin: boolean };
beforeAll(async () => {
  t = await createTestDatabase();
  const ids = await createUsers(t.db, [{ username: 'alice', name: 'Alice' }]);
  viewer = { userId: ids.alice as string, name: 'Alice', isAdmin: false };
});
afterAll(async () => {
  await t.drop();
});

const b64 = (text: string) => Buffer.from(text).toString('base64url');

test('a malformed inbox cursor is a 400 (bad_request), never a database error', async () => {
  for (const cursor of [
    b64('2026-01-01T00:00:00Z|------------------------------------'),
    b64('1|00000000-0000-4000-8000-000000000000'),
    b64('no separator'),
    'not base64 at all %%%',
  ]) {
    for (const view of ['pending', 'initiated'] as const) {
      await expect(listInbox(t.db, viewer, { view, cursor }), cursor).rejects.toMatchObject({
        code: 'bad_request',
      });
    }
  }
  const first = await listInbox(t.db, viewer, { view: 'pending' });
  expect(first.nextCursor).toBeNull();
});
