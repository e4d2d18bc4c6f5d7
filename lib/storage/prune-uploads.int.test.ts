import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { attachments, processInstances, uploads } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { getFileStore } from '@/lib/storage/file-store';
import { createApiConnectorWithKey, createUsers } from '@/lib/testing/factories';
import { pruneUploads } from './prune-uploads';

let t: TestDatabase;
let userId: string;
let connectorId: string;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-prune-'));
  t = await createTestDatabase();
  ({ u1: userId } = (await createUsers(t.db, [{ username: 'u1', name: 'u1' }])) as { u1: string });
  ({ id: connectorId } = await createApiConnectorWithKey(t.db));
});
afterAll(async () => {
  await t?.drop();
});

async function upload(fileName: string, createdAt: Date) {
  const stored = await getFileStore().put(Readable.from([Buffer.from(`bytes of ${fileName}`)]), {
    prefix: `uploads/${userId}`,
  });
  const [row] = await t.db
    .insert(uploads)
    .values({ userId, fileName, contentType: 'text/plain', createdAt, ...stored })
    .returning();
  return row!;
}

async function readable(storageKey: string): Promise<boolean> {
  return getFileStore()
    .open(storageKey)
    .then(({ stream }) => {
      stream.destroy();
      return true;
    })
    .catch(() => false);
}

test('uploads no submitted form took up are deleted with their bytes after the retention; the others stay', async () => {
  const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
  const abandoned = await upload('没提交.pdf', twoDaysAgo);
  const submitted = await upload('已提交.pdf', twoDaysAgo);
  const fresh = await upload('刚上传.pdf', new Date());
  // The submitted one is an instance's attachment (what starting a local workflow writes).
  const [instance] = await t.db
    .insert(processInstances)
    .values({
      connectorId,
      source: 'api',
      externalId: 'prune-1',
      title: '报销',
      status: 'running',
      sourceCreatedAt: twoDaysAgo,
      sourceUpdatedAt: twoDaysAgo,
    })
    .returning();
  await t.db
    .insert(attachments)
    .values({ instanceId: instance!.id, externalFileId: submitted.id, fileName: submitted.fileName });

  expect(await pruneUploads(t.db, { log })).toEqual({ deleted: 1, bytes: abandoned.size });
  const left = await t.db.select({ id: uploads.id }).from(uploads);
  expect(left.map((r) => r.id).sort()).toEqual([submitted.id, fresh.id].sort());
  expect(await readable(abandoned.storageKey)).toBe(false);
  expect(await readable(submitted.storageKey)).toBe(true);
  expect(await readable(fresh.storageKey)).toBe(true);

  // Idempotent: a second run finds nothing.
  expect(await pruneUploads(t.db, { log })).toEqual({ deleted: 0, bytes: 0 });
  expect((await t.db.select().from(uploads).where(eq(uploads.id, submitted.id))).length).toBe(1);
});
