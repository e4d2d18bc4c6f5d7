import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { workflowDefinitions, workflowVersions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUsers, ensureTestSecretsKey } from '@/lib/testing/factories';
import { callWebhook } from './call-webhook';
import { WEBHOOK_HEADER_MASK, type WorkflowStep } from './definition-schema';
import { type LoadedRun, loadVersionBody } from './load-run';
import { createWorkflowAsAdmin } from './workflows/create-workflow';
import { getWorkflowAsAdmin } from './workflows/get-workflow';
import { publishWorkflowAsAdmin } from './workflows/publish-workflow';
import { saveWorkflowDraftAsAdmin } from './workflows/save-workflow-draft';

const SECRET = 'tok-3f9a-very-secret';
let t: TestDatabase;
let server: Server;
let hookUrl: string;
const received: IncomingHttpHeaders[] = [];
let admin: { userId: string; name: string; isAdmin: boolean };

beforeAll(async () => {
  ensureTestSecretsKey();
  t = await createTestDatabase();
  const ids = await createUsers(t.db, [{ username: 'admin', name: 'admin' }]);
  admin = { userId: ids.admin as string, name: 'admin', isAdmin: true };
  server = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.drop();
});

function draftWith(headers: Record<string, string>) {
  const steps: WorkflowStep[] = [
    {
      id: 'hook',
      name: 'Notify',
      kind: 'automation',
      action: { type: 'webhook', url: hookUrl, headers },
    },
  ];
  return {
    form: { fields: [{ key: 'reason', label: 'Reason', type: 'text', required: false }] },
    steps,
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
}

async function send(definitionId: string, versionId: string) {
  const body = await loadVersionBody(t.db, versionId);
  const step = body?.steps[0];
  if (!body || step?.kind !== 'automation' || step.action.type !== 'webhook') throw new Error('no webhook');
  const loaded = {
    run: { id: definitionId, values: {} },
    body,
    originator: { userId: admin.userId, name: 'admin' },
  } as unknown as LoadedRun;
  await callWebhook(step.action, loaded, step, 'delivery-1');
  return received.at(-1);
}

test('webhook header values are sealed at rest, masked in answers, kept when unchanged, sent in clear', async () => {
  const created = await createWorkflowAsAdmin(t.db, admin, { key: 'hooked', name: 'Hooked' });
  const saved = await saveWorkflowDraftAsAdmin(t.db, admin, created.id, {
    name: 'Hooked',
    starters: { all: true },
    draft: draftWith({ 'X-Token': SECRET }),
  });
  // Never in the answer, never in the row.
  expect(JSON.stringify(saved)).not.toContain(SECRET);
  expect(saved.draft).toMatchObject({ steps: [{ action: { headers: { 'X-Token': WEBHOOK_HEADER_MASK } } }] });
  const [row] = await t.db.select().from(workflowDefinitions).where(eq(workflowDefinitions.id, created.id));
  expect(JSON.stringify(row?.draft)).not.toContain(SECRET);
  const sealed = (row?.draft as ReturnType<typeof draftWith> | undefined)?.steps[0];
  expect(sealed?.kind === 'automation' && sealed.action.type === 'webhook' && sealed.action.headers).toEqual({
    'X-Token': expect.stringMatching(/^sealed:v1\./),
  });

  // The designer sends back what it got: the mask keeps the stored value, byte for byte.
  await saveWorkflowDraftAsAdmin(t.db, admin, created.id, {
    name: 'Hooked',
    starters: { all: true },
    draft: saved.draft as ReturnType<typeof draftWith>,
  });
  const [again] = await t.db.select().from(workflowDefinitions).where(eq(workflowDefinitions.id, created.id));
  expect(again?.draft).toEqual(row?.draft);
  // A mask for a header that has no stored value cannot be saved.
  await expect(
    saveWorkflowDraftAsAdmin(t.db, admin, created.id, {
      name: 'Hooked',
      starters: { all: true },
      draft: draftWith({ 'X-Token': WEBHOOK_HEADER_MASK, 'X-Other': WEBHOOK_HEADER_MASK }),
    }),
  ).rejects.toMatchObject({ code: 'bad_request' });

  const published = await publishWorkflowAsAdmin(t.db, admin, created.id);
  expect(JSON.stringify(published)).not.toContain(SECRET);
  expect(JSON.stringify(await getWorkflowAsAdmin(t.db, admin, created.id))).not.toContain(SECRET);
  const [version] = await t.db
    .select()
    .from(workflowVersions)
    .where(eq(workflowVersions.definitionId, created.id));
  expect(JSON.stringify(version?.steps)).not.toContain(SECRET);

  // Only the effect job's request carries the value.
  const headers = await send(created.id, version?.id as string);
  expect(headers?.['x-token']).toBe(SECRET);
});

test('a version stored before sealing (plain values) is still sent, and masked for admins', async () => {
  const created = await createWorkflowAsAdmin(t.db, admin, { key: 'legacy', name: 'Legacy' });
  const body = draftWith({ 'X-Tenant': 'acme-plain' });
  const [version] = await t.db
    .insert(workflowVersions)
    .values({
      definitionId: created.id,
      version: 1,
      formSchema: body.form,
      steps: body.steps,
      options: body.options,
    })
    .returning({ id: workflowVersions.id });
  await t.db
    .update(workflowDefinitions)
    .set({ publishedVersion: 1, draft: body })
    .where(eq(workflowDefinitions.id, created.id));
  expect(JSON.stringify(await getWorkflowAsAdmin(t.db, admin, created.id))).not.toContain('acme-plain');
  expect((await send(created.id, version?.id as string))?.['x-tenant']).toBe('acme-plain');
  // The next save of the draft seals the legacy value it keeps.
  const detail = await getWorkflowAsAdmin(t.db, admin, created.id);
  await saveWorkflowDraftAsAdmin(t.db, admin, created.id, {
    name: 'Legacy',
    starters: { all: true },
    draft: detail.draft as ReturnType<typeof draftWith>,
  });
  const [row] = await t.db.select().from(workflowDefinitions).where(eq(workflowDefinitions.id, created.id));
  expect(JSON.stringify(row?.draft)).not.toContain('acme-plain');
  expect(JSON.stringify(row?.draft)).toContain('sealed:v1.');
});
