import { eq } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { processInstances } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createApiConnectorWithKey, createUsers } from '@/lib/testing/factories';
import { getPrintModelForViewer } from './get-print-model';
import { renderPrintPdf } from './render-print-pdf';

let t: TestDatabase;
let instanceId: string;
let ids: Record<string, string>;
const T0 = new Date('2026-03-02T01:30:00Z');

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.HUIBAN_COMPANY_NAME = '汇办示例科技有限公司';
  ids = await createUsers(t.db, [
    { username: 'boss', name: '管理员', email: 'boss@test.example', password: null },
    { username: 'stranger', name: '路人', email: 'stranger@test.example', password: null },
  ]);
  const { id: connectorId } = await createApiConnectorWithKey(t.db);
  await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: {
      externalId: 'print-1',
      title: '王敏提交的采购申请',
      processName: '采购审批',
      originator: { externalUserId: 'wangmin', name: '王敏' },
      status: 'completed',
      result: 'agree',
      createdAt: T0,
      finishedAt: new Date(T0.getTime() + 3600_000),
      sourceUpdatedAt: new Date(T0.getTime() + 3600_000),
      taskScope: 'full',
      formValues: [
        { name: '采购事由', type: 'TextField', value: '服务器扩容' },
        { name: '金额', type: 'MoneyField', value: '128000' },
      ],
      logs: [
        {
          externalRecordId: 'r1',
          actorExternalId: 'wangmin',
          actorName: '王敏',
          action: 'start',
          // DingTalk names the start record's node 发起人: a role, not a remark.
          nodeName: '发起人',
          occurredAt: T0,
        },
        {
          externalRecordId: 'r2',
          actorExternalId: 'lisi',
          actorName: '李四',
          action: 'agree',
          remark: '同意，注意控制预算',
          occurredAt: new Date(T0.getTime() + 3600_000),
          attachments: [{ externalFileId: 'f2', fileName: '预算表.xlsx', fileSize: 2048 }],
        },
      ],
      attachments: [{ externalFileId: 'f1', fileName: '报价单.pdf', fileSize: 1024 }],
    },
  });
  const [row] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'print-1'));
  instanceId = row!.id;
});
afterAll(async () => {
  await t?.drop();
});

test('the approval PDF carries the Chinese title, form, timeline and files, with the CJK font embedded as a subset', async () => {
  const admin = { userId: ids.boss!, name: 'boss', isAdmin: true };
  const model = await getPrintModelForViewer(t.db, admin, instanceId, 'zh-CN');
  expect(model).not.toBeNull();
  // The 发起申请 row's 意见 cell is its remark or nothing (this one has none), not the start node's name.
  expect(model?.timeline[0]).toMatchObject({ action: '发起申请', remark: '' });
  const pdf = await renderPrintPdf(model!);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  const { text } = await parser.getText();
  await parser.destroy();
  for (const expected of [
    '汇办示例科技有限公司',
    '审批单',
    '王敏提交的采购申请',
    '服务器扩容',
    '128000',
    '同意，注意控制预算',
    '预算表.xlsx',
    '报价单.pdf',
    // Times in the company's zone (Asia/Shanghai): 01:30Z is 09:30.
    '2026-03-02 09:30',
  ])
    expect(text).toContain(expected);
  // 发起人 only as the originator's label in the facts, not again in the record.
  expect(text.split('发起人')).toHaveLength(2);

  // Embedded as a subset: the font's name carries the six-letter subset tag (ISO 32000 §9.6.4).
  const raw = pdf.toString('latin1');
  expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansCJK/);
  expect(raw).toContain('/FontFile');
  // A subset of a few dozen glyphs, not the 16 MB collection.
  expect(pdf.length).toBeLessThan(400_000);

  const en = await renderPrintPdf((await getPrintModelForViewer(t.db, admin, instanceId, 'en-US'))!);
  const parsedEn = new PDFParse({ data: new Uint8Array(en) });
  expect((await parsedEn.getText()).text).toContain('Approval form');
  await parsedEn.destroy();
});

test('someone who does not take part gets no print view', async () => {
  const stranger = { userId: ids.stranger!, name: 'stranger', isAdmin: false };
  expect(await getPrintModelForViewer(t.db, stranger, instanceId, 'zh-CN')).toBeNull();
  expect(await getPrintModelForViewer(t.db, stranger, 'not-a-uuid', 'zh-CN')).toBeNull();
});
