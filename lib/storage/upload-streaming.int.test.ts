import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { uploads } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { getFileStore } from '@/lib/storage/file-store';
import { saveUpload } from '@/lib/storage/save-upload';
import { createUsers } from '@/lib/testing/factories';

let t: TestDatabase;
let dir: string;
let alice: { userId: string; name: string; isAdmin: boolean };

const BOUNDARY = '----huiban-test-boundary';
const CHUNK = 64 * 1024;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'huiban-upload-stream-'));
  process.env.STORAGE_DIR = dir;
  process.env.UPLOAD_MAX_MB = '1';
  const ids = await createUsers(t.db, [{ username: 'alice', name: 'Alice' }]);
  alice = { userId: ids.alice as string, name: 'Alice', isAdmin: false };
});
afterAll(async () => {
  await t.drop();
});

/** Every file under the storage directory (partial `.part` files included) with its size. */
function storedFiles(): { name: string; size: number }[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((name) => path.join(dir, name))
    .filter((full) => statSync(full).isFile())
    .map((full) => ({ name: full, size: statSync(full).size }));
}

/**
 * A chunked multipart body (no Content-Length, as a browser's streamed upload) whose file part is `fileBytes`
 * long, produced only as the server pulls it. `gate(sent)` may hold the stream before each chunk.
 */
function streamedUpload(fileBytes: number, gate: (sent: number) => Promise<void> = async () => {}) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="报告.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const progress = { pulled: 0, done: false };
  let sentFile = 0;
  let sentHead = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        progress.pulled += head.length;
        controller.enqueue(head);
        return;
      }
      if (sentFile < fileBytes) {
        await gate(sentFile);
        const size = Math.min(CHUNK, fileBytes - sentFile);
        sentFile += size;
        progress.pulled += size;
        controller.enqueue(new Uint8Array(size).fill(7));
        return;
      }
      progress.pulled += tail.length;
      progress.done = true;
      controller.enqueue(tail);
      controller.close();
    },
  });
  const request = new Request('http://test/api/uploads', {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
    duplex: 'half',
  } as RequestInit);
  return { request, progress };
}

test('a body over the limit is refused while it streams: 413 long before its end, no row, no file', async () => {
  const { request, progress } = streamedUpload(64 * 1024 * 1024);
  await expect(saveUpload(t.db, alice, request)).rejects.toMatchObject({ code: 'payload_too_large' });
  // Limit 1 MiB: reading stopped within a few chunks of it, not after the 64 MiB the client would send.
  expect(progress.done).toBe(false);
  expect(progress.pulled).toBeLessThan(4 * 1024 * 1024);
  expect(await t.db.select().from(uploads).where(eq(uploads.userId, alice.userId))).toEqual([]);
  expect(storedFiles()).toEqual([]);
});

test('the file streams into storage while it is still arriving (not buffered), then gets its row', async () => {
  const fileBytes = 900 * 1024;
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Half-way the client "stalls": the bytes sent so far must already be on their way to disk.
  const { request, progress } = streamedUpload(fileBytes, (sent) =>
    sent >= fileBytes / 2 ? released : Promise.resolve(),
  );
  const saving = saveUpload(t.db, alice, request);
  await expect
    .poll(() => storedFiles().reduce((sum, f) => sum + f.size, 0), { timeout: 10_000 })
    .toBeGreaterThan(0);
  expect(progress.done).toBe(false);
  release();
  const answer = await saving;
  expect(answer).toMatchObject({ fileName: '报告.pdf', size: fileBytes, contentType: 'application/pdf' });
  const [row] = await t.db.select().from(uploads).where(eq(uploads.id, answer.fileId));
  expect(row).toMatchObject({ userId: alice.userId, size: fileBytes });
  const { size } = await getFileStore().open(row?.storageKey as string);
  expect(size).toBe(fileBytes);
  await getFileStore().remove(row?.storageKey as string);
  await t.db.delete(uploads).where(eq(uploads.id, answer.fileId));
});

test('a body without the file field, or with a broken multipart framing, is a 400 and stores nothing', async () => {
  const form = new FormData();
  form.append('note', 'no file here');
  await expect(
    saveUpload(t.db, alice, new Request('http://test/api/uploads', { method: 'POST', body: form })),
  ).rejects.toMatchObject({ code: 'bad_request' });
  await expect(
    saveUpload(
      t.db,
      alice,
      new Request('http://test/api/uploads', {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data' },
        body: 'garbage',
      }),
    ),
  ).rejects.toMatchObject({ code: 'bad_request' });
  expect(storedFiles()).toEqual([]);
});
