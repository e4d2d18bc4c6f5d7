import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, processSettings } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from '@/lib/tasks/saved-views';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { markCcRead } from '@/lib/tasks/write/mark-cc-read';
import { createUsers } from '@/lib/testing/factories';
import { countInbox } from './count-inbox';
import type { InboxFilters } from './inbox-filters';
import { listInbox } from './list-inbox';
import { listInboxFacets } from './list-inbox-facets';

let t: TestDatabase;
let ids: Record<string, string>;
let src: { yida: string; api: string };
const viewer = (u: string) => ({ userId: ids[u]!, name: u, isAdmin: false });
const NOW = new Date('2026-11-23T04:00:00Z');

type Item = {
  id: string;
  source: 'yida' | 'api';
  title: string;
  process: string;
  originator: string;
  summary: string;
  at: string;
  due?: string;
  cc?: boolean;
};
const ITEMS: Item[] = [
  {
    id: 'a',
    source: 'yida',
    title: '差旅报销申请',
    process: '报销',
    originator: '王敏',
    summary: '金额 1200 元',
    at: '2026-11-20T01:00:00Z',
    due: '2026-11-22T00:00:00Z',
  },
  {
    id: 'b',
    source: 'yida',
    title: '采购申请-笔记本电脑',
    process: '采购',
    originator: '李雷',
    summary: '数量 3',
    at: '2026-11-21T01:00:00Z',
    due: '2026-11-30T00:00:00Z',
  },
  {
    id: 'c',
    source: 'api',
    title: '合同审批 ACME',
    process: '合同',
    originator: '韩梅梅',
    summary: '客户 ACME 报销条款',
    at: '2026-11-22T01:00:00Z',
  },
  {
    id: 'd',
    source: 'api',
    title: 'Leave request 50% day',
    process: '请假',
    originator: '王敏',
    summary: 'half day',
    at: '2026-11-19T01:00:00Z',
    due: '2026-11-24T00:00:00Z',
  },
  {
    id: 'e',
    source: 'yida',
    title: '团建费用报销',
    process: '报销',
    originator: '李雷',
    summary: '',
    at: '2026-11-18T01:00:00Z',
    cc: true,
  },
];

async function push(item: Item, assignee = 'bob') {
  const at = new Date(item.at);
  await applySnapshot(t.db, {
    connectorId: item.source === 'yida' ? src.yida : src.api,
    source: item.source,
    snapshot: {
      externalId: `inst-${item.id}`,
      processCode: `PROC-${item.process}`,
      processName: item.process,
      title: item.title,
      summary: item.summary,
      originator: { externalUserId: 'alice', name: item.originator },
      status: 'running',
      createdAt: at,
      sourceUpdatedAt: at,
      taskScope: 'full',
      tasks: [
        {
          externalTaskId: `t-${item.id}`,
          kind: item.cc ? 'cc' : 'approval',
          assigneeExternalId: assignee,
          status: item.cc ? 'done' : 'pending',
          receivedAt: at,
          dueAt: item.due ? new Date(item.due) : null,
        },
      ],
    },
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createUsers(t.db, [
    { username: 'alice', name: 'Alice' },
    { username: 'bob', name: 'Bob' },
    { username: 'carol', name: 'Carol' },
  ]);
  const [yida] = await t.db.insert(connectors).values({ kind: 'yida', name: '宜搭 OA' }).returning();
  const [api] = await t.db.insert(connectors).values({ kind: 'api', name: 'ERP' }).returning();
  src = { yida: yida!.id, api: api!.id };
  for (const c of [yida!, api!]) {
    await t.db
      .insert(identities)
      .values(
        ['alice', 'bob', 'carol'].map((u) => ({ connectorId: c.id, externalUserId: u, userId: ids[u]! })),
      );
  }
  for (const item of ITEMS) await push(item);
  // Carol has a look-alike task: it must never show in Bob's results.
  await push({ ...ITEMS[0]!, id: 'carol-a' }, 'carol');
});
afterAll(async () => {
  await t?.drop();
});

const titles = async (filters: InboxFilters, view: 'pending' | 'cc' | 'initiated' = 'pending', u = 'bob') =>
  (await listInbox(t.db, viewer(u), { view, filters, now: NOW, limit: 100 })).items.map((r) => r.title);

test('search matches Chinese substrings of title, process, originator and form summary', async () => {
  expect(await titles({ q: '报销' })).toEqual(['合同审批 ACME', '差旅报销申请']);
  expect(await titles({ q: '王敏' })).toEqual(['差旅报销申请', 'Leave request 50% day']);
  expect(await titles({ q: 'acme' })).toEqual(['合同审批 ACME']);
  expect(await titles({ q: '50%' })).toEqual(['Leave request 50% day']);
  expect(await titles({ q: '%' })).toEqual(['Leave request 50% day']);
  expect(await titles({ q: '不存在的词' })).toEqual([]);
  expect(await titles({ q: '报销' }, 'cc')).toEqual(['团建费用报销']);
  expect(await titles({ q: '采购' }, 'initiated', 'alice')).toEqual(['采购申请-笔记本电脑']);
});

test('each filter narrows the viewer’s own list', async () => {
  expect(await titles({ source: ['api'] })).toEqual(['合同审批 ACME', 'Leave request 50% day']);
  expect(await titles({ source: ['yida', 'api'] })).toHaveLength(4);
  expect(await titles({ connectorId: src.yida })).toEqual(['采购申请-笔记本电脑', '差旅报销申请']);
  expect(await titles({ process: '采购' })).toEqual(['采购申请-笔记本电脑']);
  expect(await titles({ originator: '李' })).toEqual(['采购申请-笔记本电脑']);
  expect(await titles({ receivedFrom: '2026-11-21', receivedTo: '2026-11-22' })).toEqual([
    '合同审批 ACME',
    '采购申请-笔记本电脑',
  ]);
  expect(await titles({ dueFrom: '2026-11-24', dueTo: '2026-11-30' })).toEqual([
    '采购申请-笔记本电脑',
    'Leave request 50% day',
  ]);
  expect(await titles({ overdue: true })).toEqual(['差旅报销申请']);
  expect(await titles({ status: ['running'] }, 'initiated', 'alice')).toHaveLength(6);
  expect(await titles({ status: ['completed'] }, 'initiated', 'alice')).toEqual([]);
});

test('sort by due puts the soonest first and undated last, and pages by cursor without gaps', async () => {
  expect(await titles({ sort: 'due' })).toEqual([
    '差旅报销申请',
    'Leave request 50% day',
    '采购申请-笔记本电脑',
    '合同审批 ACME',
  ]);
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listInbox(t.db, viewer('bob'), {
      view: 'pending',
      filters: { sort: 'due' },
      cursor,
      limit: 1,
      now: NOW,
    });
    seen.push(...page.items.map((r) => r.title));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(seen).toEqual(await titles({ sort: 'due' }));
});

test('cursor paging is stable while new tasks arrive', async () => {
  const first = await listInbox(t.db, viewer('bob'), { view: 'pending', limit: 2, now: NOW });
  // A newer task lands between page 1 and page 2: page 2 continues where page 1 ended.
  await push({
    id: 'late',
    source: 'api',
    title: '新到的待办',
    process: '合同',
    originator: '王敏',
    summary: '',
    at: '2026-11-23T03:00:00Z',
  });
  const second = await listInbox(t.db, viewer('bob'), {
    view: 'pending',
    limit: 10,
    cursor: first.nextCursor!,
    now: NOW,
  });
  expect([...first.items, ...second.items].map((r) => r.title)).toEqual([
    '合同审批 ACME',
    '采购申请-笔记本电脑',
    '差旅报销申请',
    'Leave request 50% day',
  ]);
  expect((await titles({})).at(0)).toBe('新到的待办');
});

test('rows carry source, connector, overdue and counts include overdue', async () => {
  const page = await listInbox(t.db, viewer('bob'), { view: 'pending', filters: { q: '差旅' }, now: NOW });
  expect(page.items[0]).toMatchObject({
    source: 'yida',
    connectorName: '宜搭 OA',
    isOverdue: true,
    processName: '报销',
  });
  const counts = await countInbox(t.db, viewer('bob'), NOW);
  expect(counts).toEqual({ pending: 5, ccUnread: 1, overdue: 1 });
});

test('facets list only the viewer’s own processes and connectors', async () => {
  const facets = await listInboxFacets(t.db, viewer('carol'));
  expect(facets.processes).toEqual(['报销']);
  expect(facets.connectors.map((c) => c.name)).toEqual(['宜搭 OA']);
});

test('cc items are marked read only by their own assignee', async () => {
  const [cc] = (await listInbox(t.db, viewer('bob'), { view: 'cc' })).items;
  expect(cc?.isRead).toBe(false);
  expect(await markCcRead(t.db, viewer('carol'), [cc!.id])).toBe(0);
  expect(await markCcRead(t.db, viewer('bob'), [cc!.id])).toBe(1);
  expect((await listInbox(t.db, viewer('bob'), { view: 'cc' })).items[0]?.isRead).toBe(true);
  expect((await countInbox(t.db, viewer('bob'), NOW)).ccUnread).toBe(0);
});

test('saved views: per user, one default per view, names unique, others cannot touch them', async () => {
  const mine = await createSavedView(t.db, viewer('bob'), {
    name: '报销类',
    view: 'pending',
    filters: { q: '报销', source: 'yida' },
    sort: 'due',
    isDefault: true,
  });
  const second = await createSavedView(t.db, viewer('bob'), {
    name: '合同',
    view: 'pending',
    filters: { process: '合同' },
    isDefault: true,
  });
  const list = await listSavedViews(t.db, viewer('bob'));
  expect(list.map((v) => [v.name, v.isDefault])).toEqual([
    ['报销类', false],
    ['合同', true],
  ]);
  await expect(
    createSavedView(t.db, viewer('bob'), { name: '合同', view: 'cc', filters: {}, isDefault: false }),
  ).rejects.toMatchObject({ code: 'conflict' });
  expect(await listSavedViews(t.db, viewer('carol'))).toEqual([]);
  await expect(updateSavedView(t.db, viewer('carol'), mine.id, { name: 'x' })).rejects.toMatchObject({
    code: 'not_found',
  });
  await expect(deleteSavedView(t.db, viewer('carol'), second.id)).rejects.toMatchObject({
    code: 'not_found',
  });
  await deleteSavedView(t.db, viewer('bob'), second.id);
  expect((await listSavedViews(t.db, viewer('bob'))).map((v) => v.name)).toEqual(['报销类']);
});

test('batch approve is refused for a process an admin has not marked batch-approvable', async () => {
  const [purchase] = (await listInbox(t.db, viewer('bob'), { view: 'pending', filters: { process: '采购' } }))
    .items;
  const [contract] = (await listInbox(t.db, viewer('bob'), { view: 'pending', filters: { q: 'ACME' } }))
    .items;
  expect(purchase?.isBatchApprovable).toBe(false);
  await t.db
    .insert(processSettings)
    .values({ connectorId: src.yida, processCode: 'PROC-采购', batchApprovable: true });
  expect(
    (await listInbox(t.db, viewer('bob'), { view: 'pending', filters: { process: '采购' } })).items[0]
      ?.isBatchApprovable,
  ).toBe(true);

  await expect(
    actOnTask(t.db, viewer('bob'), { taskId: contract!.id, action: 'agree', batch: true }),
  ).rejects.toMatchObject({ code: 'conflict' });
  await actOnTask(t.db, viewer('bob'), { taskId: purchase!.id, action: 'agree', batch: true });
  expect(await titles({})).not.toContain('采购申请-笔记本电脑');
  expect(await titles({})).toContain('合同审批 ACME');
});
