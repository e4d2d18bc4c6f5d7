import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { attachments, processInstances } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { listAttachmentScrubsAsAdmin } from '@/lib/operations/list-attachment-scrubs';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { copyAttachment } from './copy-attachment';
import { scrubAttachmentArchive } from './reconcile-archive';
import { refreshInstance } from './refresh-instance';

let sandbox: RunningSandbox;
let t: TestDatabase;
let storageDir: string;
let connectorId: string;
const log = pino({ level: 'silent' });
const admin = { userId: '00000000-0000-4000-8000-000000000001', name: 'Admin', isAdmin: true };

const FILES = {
  '合同.pdf': Buffer.from('%PDF-1.4\n合同 C-2026-12\n%%EOF\n', 'utf8'),
  '报价.pdf': Buffer.from('%PDF-1.4\n报价 Q-2026-12 — 12 000 元\n%%EOF\n', 'utf8'),
  '发票.pdf': Buffer.from('%PDF-1.4\n发票 F-2026-12\n%%EOF\n', 'utf8'),
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  storageDir = mkdtempSync(path.join(tmpdir(), 'huiban-scrub-'));
  process.env.STORAGE_DIR = storageDir;
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
  rmSync(storageDir, { recursive: true, force: true });
});

test('the scrub finds a damaged and a missing archived file, copies both again from the source, and reports it', async () => {
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    files: Object.entries(FILES).map(([fileName, bytes]) => ({
      fileName,
      fileType: 'pdf',
      base64: bytes.toString('base64'),
    })),
  });
  const connector = await unsafeLoadConnectorRuntime(t.db, connectorId);
  await refreshInstance(t.db, connector!, processInstanceId as string, {
    log,
    processCode: TEST_PROCESS_CODE,
  });
  const rows = () =>
    t.db
      .select({
        id: attachments.id,
        fileName: attachments.fileName,
        storageKey: attachments.storageKey,
        sha256: attachments.sha256,
      })
      .from(attachments)
      .innerJoin(processInstances, eq(processInstances.id, attachments.instanceId))
      .where(eq(processInstances.externalId, processInstanceId as string));
  for (const a of await rows()) await copyAttachment(t.db, a.id, { log });
  const copied = await rows();
  expect(copied.map((a) => a.sha256).sort()).toEqual(Object.values(FILES).map(sha).sort());
  const byName = new Map(copied.map((a) => [a.fileName, a]));

  // A clean archive: everything intact.
  const clean = await scrubAttachmentArchive(t.db, { log });
  expect(clean).toMatchObject({ checked: 3, intact: 3, missing: 0, mismatched: 0 });

  // Bit rot in one file (same size, other bytes), another one lost.
  const damaged = byName.get('报价.pdf')!;
  const lost = byName.get('发票.pdf')!;
  const original = FILES['报价.pdf'];
  const rotten = Buffer.from(original);
  rotten[10] = (rotten[10] ?? 0) ^ 0xff;
  writeFileSync(path.join(storageDir, damaged.storageKey!), rotten);
  rmSync(path.join(storageDir, lost.storageKey!));

  const scrub = await scrubAttachmentArchive(t.db, { log, trigger: 'manual' });
  expect(scrub).toMatchObject({ checked: 3, intact: 1, missing: 1, mismatched: 1, recopied: 2, failed: 0 });
  expect(scrub.findings).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ attachmentId: damaged.id, problem: 'sha256_mismatch', outcome: 'recopied' }),
      expect.objectContaining({ attachmentId: lost.id, problem: 'missing', outcome: 'recopied' }),
    ]),
  );
  // Both are intact again: the next scrub finds nothing, and the rows' sha256 equal the sandbox's files.
  expect(await scrubAttachmentArchive(t.db, { log })).toMatchObject({ checked: 3, intact: 3 });
  const after = new Map((await rows()).map((a) => [a.fileName, a]));
  expect(after.get('报价.pdf')?.sha256).toBe(sha(FILES['报价.pdf']));
  expect(after.get('发票.pdf')?.storageKey).not.toBe(lost.storageKey);

  // Stored and listed for the health page, newest first.
  const listed = await listAttachmentScrubsAsAdmin(t.db, admin);
  expect(listed[1]).toMatchObject({ id: scrub.scrubId, recopied: 2, missing: 1, mismatched: 1 });
  expect(listed[1]?.finishedAt).toBeTruthy();
});
