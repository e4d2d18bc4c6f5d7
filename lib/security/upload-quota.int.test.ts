import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { saveUpload } from '@/lib/storage/save-upload';
import { createUsers } from '@/lib/testing/factories';

let t: TestDatabase;
let alice: { userId: string; name: string; isAdmin: boolean };
let bob: { userId: string; name: string; isAdmin: boolean };
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-quota-'));
  // 100 KiB each: two 40 KiB files fit, a third does not.
  process.env.UPLOAD_QUOTA_MB = String(100 / 1024);
  const ids = await createUsers(t.db, [
    { username: 'alice', name: 'Alice' },
    { username: 'bob', name: 'Bob' },
  ]);
  alice = { userId: ids.alice as string, name: 'Alice', isAdmin: false };
  bob = { userId: ids.bob as string, name: 'Bob', isAdmin: false };
});
afterAll(async () => {
  await t.drop();
});

function upload(viewer: typeof alice) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(40 * 1024)], { type: 'application/pdf' }), 'a.pdf');
  return saveUpload(t.db, viewer, new Request('http://test/api/uploads', { method: 'POST', body: form }));
}

test('uploads have a per-user quota: over it is a 413, other users are not affected', async () => {
  await upload(alice);
  await upload(alice);
  await expect(upload(alice)).rejects.toMatchObject({ code: 'payload_too_large' });
  await expect(upload(bob)).resolves.toMatchObject({ size: 40 * 1024 });
});
