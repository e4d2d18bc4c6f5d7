import { expect, test } from 'vitest';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { buildPrintModel, printTime, printValue } from './print-model';

test('times print in the company zone to the minute', () => {
  expect(printTime('2026-03-02T16:05:59Z', 'Asia/Shanghai')).toBe('2026-03-03 00:05');
  expect(printTime('2026-03-02T16:05:59Z', 'UTC')).toBe('2026-03-02 16:05');
});

test('form values print as plain text: lists joined, objects by their label, files by name, JSON text parsed', () => {
  expect(printValue(['差旅', '住宿'], '、')).toBe('差旅、住宿');
  expect(printValue({ label: '北京' }, '、')).toBe('北京');
  expect(printValue('[{"fileName":"发票.pdf"},{"fileName":"行程单.pdf"}]', '、')).toBe(
    '发票.pdf、行程单.pdf',
  );
  expect(printValue('', '、')).toBe('—');
  expect(printValue('<b>x</b>', '、')).toBe('<b>x</b>');
});

test('the model has the facts, the form, every log step with its files, and every attachment, in the locale', () => {
  const instance = {
    id: 'i-1',
    title: '采购申请',
    source: 'dingtalk',
    processName: '采购',
    originatorName: '王敏',
    status: 'completed',
    result: 'refuse',
    createdAt: '2026-03-02T01:00:00Z',
    finishedAt: null,
    formValues: [{ name: '金额', type: 'MoneyField', value: '12000', display: '¥12,000' }],
    logs: [
      {
        id: 'l1',
        actorName: '李四',
        action: 'comment',
        targets: [{ userId: null, name: '张三' }],
        result: null,
        remark: '请补充',
        nodeName: '主管',
        occurredAt: '2026-03-02T02:00:00Z',
        attachments: [{ id: 'a', fileName: '报价.pdf', fileSize: 1, fileType: null, isAvailable: true }],
      },
    ],
    attachments: [{ id: 'b', fileName: '合同.docx', fileSize: 1, fileType: null, isAvailable: true }],
  } as unknown as InstanceDetail;
  const zh = buildPrintModel({
    instance,
    locale: 'zh-CN',
    companyName: '某公司',
    timeZone: 'Asia/Shanghai',
    printedAt: new Date('2026-03-05T00:00:00Z'),
  });
  expect(zh.heading).toBe('审批单');
  expect(zh.meta.find((m) => m.label === '状态')?.value).toBe('已完成 · 拒绝');
  expect(zh.form).toEqual([{ label: '金额', value: '¥12,000' }]);
  expect(zh.timeline).toEqual([
    {
      time: '2026-03-02 10:00',
      actor: '李四',
      action: '评论 → 张三',
      remark: '主管 · 请补充',
      files: ['报价.pdf'],
    },
  ]);
  expect(zh.attachments).toEqual(['合同.docx', '报价.pdf']);
  const en = buildPrintModel({
    instance,
    locale: 'en-US',
    companyName: 'Acme',
    timeZone: 'UTC',
    printedAt: new Date(),
  });
  expect(en.heading).toBe('Approval form');
  expect(en.timeline[0]?.action).toBe('Commented → 张三');
});

test('the 意见 cell of the 发起申请 and 抄送 rows holds their remark or nothing, never the role-only node (发起人)', () => {
  const step = (action: string, nodeName: string | null, remark: string | null) => ({
    id: action,
    actorName: '王敏',
    action,
    targets: [],
    result: null,
    remark,
    nodeName,
    occurredAt: '2026-03-02T02:00:00Z',
    attachments: [],
  });
  const instance = {
    id: 'i-2',
    title: '请假',
    source: 'dingtalk',
    processName: '请假',
    originatorName: '王敏',
    status: 'running',
    result: null,
    createdAt: '2026-03-02T01:00:00Z',
    finishedAt: null,
    formValues: [],
    logs: [
      step('start', '发起人', null),
      step('start', '发起人', '家中有事'),
      step('cc', '抄送', null),
      step('agree', '主管审批', '同意'),
      step('agree', '主管审批', null),
    ],
    attachments: [],
  } as unknown as InstanceDetail;
  const model = buildPrintModel({
    instance,
    locale: 'zh-CN',
    companyName: '某公司',
    timeZone: 'Asia/Shanghai',
    printedAt: new Date('2026-03-05T00:00:00Z'),
  });
  expect(model.timeline.map((r) => [r.action, r.remark])).toEqual([
    ['发起申请', ''],
    ['发起申请', '家中有事'],
    ['抄送', ''],
    ['同意', '主管审批 · 同意'],
    ['同意', '主管审批'],
  ]);
});
