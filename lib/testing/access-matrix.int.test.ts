import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { attachments, processInstances, tasks, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createApiKeyAsAdmin } from '@/lib/connectors/api/create-api-key';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { createUser } from '@/lib/people/create-user';
import { getFileStore } from '@/lib/storage/file-store';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { createSavedView } from '@/lib/tasks/saved-views';
import {
  createApiConnectorWithKey,
  createDingTalkConnector,
  createUsers,
  createYidaConnector,
} from '@/lib/testing/factories';
import { invokeRoute, signInThroughNextAuth } from '@/lib/testing/next-request-context';
import { plantSecrets } from '@/lib/testing/planted-secrets';
import {
  type DiscoveredPage,
  type DiscoveredRoute,
  discoverPages,
  discoverRoutes,
  fillPattern,
  type PageComponent,
  type RouteHandler,
} from './discover-routes';
import { databaseFingerprint, diffFingerprints } from './fingerprint';
import { PAGE_EXPECTATIONS, type PageOutcome } from './page-expectations';
import { type Expectation, type ParamValue, type Resource, ROUTE_EXPECTATIONS } from './route-expectations';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ORIGIN = 'http://localhost:3000';
const USER_OWNED = new Set<Resource>([
  'instance',
  'task',
  'ccTask',
  'attachment',
  'view',
  'spareView',
  'action',
]);

type Who = 'alice' | 'bob';
type Role = 'anonymous' | Who | 'admin';
type Outcome = {
  route: string;
  caller: string;
  check: string;
  status: number;
  problem?: string;
  leak?: boolean;
};

let t: TestDatabase;
let routes: DiscoveredRoute[];
const cookies: Partial<Record<Role, string>> = {};
const owned: Record<Who, Partial<Record<Resource, string>>> = { alice: {}, bob: {} };
const shared: Partial<Record<Resource, string>> = {};
/** Strings only the owner may ever see (titles, ids, file and view names). */
const markers: Record<Who, string[]> = { alice: [], bob: [] };
const secrets: string[] = [];
let erpKey: string;
let crmKey: string;
let userIds: Record<string, string>;
const outcomes: Outcome[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.NEXTAUTH_URL = ORIGIN;
  process.env.NEXTAUTH_SECRET = `matrix-${randomUUID()}`;
  process.env.STORAGE_DIR = mkdtempSync(path.join(tmpdir(), 'huiban-matrix-'));
  userIds = await createUsers(t.db, [
    { username: 'alice', name: '爱丽丝', email: 'alice@matrix.example' },
    { username: 'bob', name: '鲍勃', email: 'bob@matrix.example' },
  ]);
  await createUser(t.db, { username: 'root', name: '管理员', password: 'test-password-1', role: 'admin' });
  const [root] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'root'));
  const adminViewer = { userId: root?.id as string, name: 'root', isAdmin: true };

  const erp = await createApiConnectorWithKey(t.db, { name: 'ERP', callbackUrl: 'https://erp.example/cb' });
  const crm = await createApiConnectorWithKey(t.db, { name: 'CRM' });
  erpKey = erp.key;
  crmKey = crm.key;
  shared.apiConnector = erp.id;
  shared.spareKey = (await createApiKeyAsAdmin(t.db, adminViewer, erp.id, { name: 'spare' })).id;
  const dingtalkSecret = `planted-dt-secret-${randomUUID()}`;
  const aesKey = 'plantedAesKey000000000000000000000000000001';
  shared.dingtalkConnector = (
    await createDingTalkConnector(t.db, {
      sandboxUrl: 'http://127.0.0.1:9',
      corpId: 'ding-matrix',
      app: {
        clientId: 'matrix-client',
        clientSecret: dingtalkSecret,
        aesKey,
        callbackToken: 'plantedCallbackTok',
      },
      deliveryMode: 'http',
    })
  ).id;
  const systemToken = `PLANTED-YIDA-${randomUUID()}`;
  shared.yidaConnector = (
    await createYidaConnector(t.db, {
      sandboxUrl: 'http://127.0.0.1:9',
      corpId: 'ding-matrix',
      app: { clientId: 'matrix-yida', clientSecret: `planted-yida-secret-${randomUUID()}` },
      yida: { appType: 'APP_MATRIX', systemToken, formUuid: 'FORM-MATRIX' },
      operatorUserId: 'op',
    })
  ).id;
  secrets.push(erp.key, crm.key, dingtalkSecret, aesKey, systemToken, erp.callbackSecret ?? '');
  plantSecrets(...secrets);

  for (const who of ['alice', 'bob'] as const) {
    const tag = `${who.toUpperCase()}私密${randomUUID().slice(0, 8)}`;
    const externalId = `${who}-ext-${randomUUID().slice(0, 8)}`;
    const userId = userIds[who] as string;
    await pushInstance(t.db, erp.id, {
      externalId,
      title: `${tag} 标题`,
      originator: { userId },
      status: 'running',
      formValues: [{ name: '事由', value: `${tag} 表单`, type: 'text' }],
      updatedAt: '2026-01-01T00:00:00Z',
      tasks: [
        { externalTaskId: `${who}-approve`, kind: 'approval', assignee: { userId }, status: 'pending' },
        { externalTaskId: `${who}-cc`, kind: 'cc', assignee: { userId }, status: 'pending' },
      ],
      logs: [],
    });
    const [instance] = await t.db
      .select({ id: processInstances.id })
      .from(processInstances)
      .where(and(eq(processInstances.connectorId, erp.id), eq(processInstances.externalId, externalId)));
    const instanceId = instance?.id as string;
    const rows = await t.db
      .select({ id: tasks.id, kind: tasks.kind })
      .from(tasks)
      .where(eq(tasks.instanceId, instanceId));
    const stored = await getFileStore().put(Readable.from([Buffer.from(`${tag} 附件内容`)]), {
      prefix: 'matrix',
    });
    const [file] = await t.db
      .insert(attachments)
      .values({
        instanceId,
        externalFileId: `${who}-file`,
        fileName: `${tag}.txt`,
        fileSize: stored.size,
        fileType: 'txt',
        storageKey: stored.storageKey,
        sha256: stored.sha256,
        copyStatus: 'copied',
      })
      .returning({ id: attachments.id });
    const viewer = { userId, name: who, isAdmin: false };
    const view = await createSavedView(t.db, viewer, {
      name: `${tag}视图`,
      view: 'pending',
      filters: {},
      isDefault: false,
    });
    const spare = await createSavedView(t.db, viewer, {
      name: `${tag}备用`,
      view: 'cc',
      filters: {},
      isDefault: false,
    });
    const task = rows.find((r) => r.kind === 'approval')?.id as string;
    const action = await actOnTask(t.db, viewer, { taskId: task, action: 'comment', remark: `${tag} 评论` });
    owned[who] = {
      instance: instanceId,
      task,
      ccTask: rows.find((r) => r.kind === 'cc')?.id,
      attachment: file?.id,
      view: view.id,
      spareView: spare.id,
      action: action.actionId,
    };
    markers[who] = [
      tag,
      instanceId,
      ...rows.map((r) => r.id),
      file?.id as string,
      view.id,
      spare.id,
      action.actionId,
    ];
    if (who === 'alice') {
      shared.externalId = externalId;
      shared.externalTaskId = `${who}-approve`;
    }
  }

  routes = await discoverRoutes(ROOT);
  const nextAuth = routes.find((r) => r.key === 'POST /api/auth/[...nextauth]')?.handler as RouteHandler;
  cookies.alice = (await signInThroughNextAuth(nextAuth, ORIGIN, 'alice', 'test-password-1')).cookie;
  cookies.bob = (await signInThroughNextAuth(nextAuth, ORIGIN, 'bob', 'test-password-1')).cookie;
  cookies.admin = (await signInThroughNextAuth(nextAuth, ORIGIN, 'root', 'test-password-1')).cookie;
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

/** Resolves a param/query/body value for a caller: user-owned resources are `owner`'s. */
function resolve(value: ParamValue, owner: Who): string | string[] {
  if (typeof value === 'object') return 'literal' in value ? value.literal : value.list;
  const id = USER_OWNED.has(value) ? owned[owner][value] : shared[value];
  if (!id) throw new Error(`no fixture for ${value}`);
  return id;
}

function resolveBody(body: unknown, owner: Who): unknown {
  if (typeof body === 'string' && body.startsWith('$')) return resolve(body.slice(1) as Resource, owner);
  if (Array.isArray(body)) return body.map((v) => resolveBody(v, owner));
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, resolveBody(v, owner)]));
  }
  return body;
}

function referencesOwned(e: Expectation): boolean {
  const values = [...Object.values(e.params ?? {}), ...Object.values('query' in e ? (e.query ?? {}) : {})];
  const inBody = JSON.stringify('body' in e ? (e.body ?? null) : null).match(/"\$(\w+)"/g) ?? [];
  return (
    values.some((v) => typeof v === 'string' && USER_OWNED.has(v)) ||
    inBody.some((m) => USER_OWNED.has(m.slice(2, -1) as Resource))
  );
}

async function call(
  route: DiscoveredRoute,
  e: Expectation,
  owner: Who,
  credentials: { cookie?: string; key?: string },
): Promise<{ status: number; text: string }> {
  const params = Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, resolve(v, owner)]));
  const url = new URL(`${ORIGIN}${fillPattern(route.pattern, params)}`);
  for (const [k, v] of Object.entries('query' in e ? (e.query ?? {}) : {})) {
    url.searchParams.set(k, String(resolve(v, owner)));
  }
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.key) headers.authorization = `Bearer ${credentials.key}`;
  const body = 'body' in e && e.body !== undefined ? JSON.stringify(resolveBody(e.body, owner)) : undefined;
  if (body) headers['content-type'] = 'application/json';
  const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
  const response = await invokeRoute(
    route.handler,
    new Request(url, { method: route.method, headers, body: hasBody ? (body ?? '') : undefined }),
    params,
  );
  return { status: response.status, text: await response.text() };
}

/** Records one request's outcome; `expected` is a list of statuses or a predicate. */
function record(
  route: DiscoveredRoute,
  caller: string,
  check: string,
  result: { status: number; text: string },
  expected: number[] | ((s: number) => boolean),
  options: { leakIfUnexpected?: boolean; hiddenFrom?: Who; foreignFormat?: boolean } = {},
) {
  const ok = Array.isArray(expected) ? expected.includes(result.status) : expected(result.status);
  const problems: string[] = [];
  let leak = false;
  if (!ok) {
    problems.push(
      `expected ${Array.isArray(expected) ? expected.join('/') : 'success'}, got ${result.status}`,
    );
    leak ||= Boolean(options.leakIfUnexpected);
  }
  // A 5xx is a problem unless the table expects it (502: a source the matrix's fixtures cannot reach).
  if (result.status >= 500 && !(Array.isArray(expected) && expected.includes(result.status)))
    problems.push('5xx');
  // next-auth's own endpoints answer in next-auth's format, not our envelope.
  if (result.status >= 400 && !options.foreignFormat && !isEnvelope(result.text))
    problems.push('error without the envelope');
  for (const secret of secrets) {
    if (secret && result.text.includes(secret)) {
      problems.push(`secret ${secret.slice(0, 6)}… in the body`);
      leak = true;
    }
  }
  if (options.hiddenFrom) {
    const other = options.hiddenFrom === 'alice' ? 'bob' : 'alice';
    const seen = markers[other].filter((m) => result.text.includes(m));
    if (seen.length) {
      problems.push(`${options.hiddenFrom} saw ${other}'s data (${seen[0]})`);
      leak = true;
    }
  }
  outcomes.push({
    route: route.key,
    caller,
    check,
    status: result.status,
    ...(problems.length ? { problem: problems.join('; '), leak } : {}),
  });
}

function isEnvelope(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === 'string' && typeof body.error?.message === 'string';
  } catch {
    return false;
  }
}

const is2xx = (s: number) => s >= 200 && s < 300;

test('every route handler on disk has an access expectation, and every expectation a route', () => {
  const onDisk = routes.map((r) => r.key).sort();
  const listed = Object.keys(ROUTE_EXPECTATIONS).sort();
  expect(
    onDisk.filter((k) => !listed.includes(k)),
    'routes without a line in route-expectations.ts',
  ).toEqual([]);
  expect(
    listed.filter((k) => !onDisk.includes(k)),
    'lines without a route on disk',
  ).toEqual([]);
});

test('the access matrix: anonymous, employee A, employee B, admin, API keys — no leaks', async () => {
  const ordered = [...routes].sort((a, b) => a.key.localeCompare(b.key));
  // Phase 1 — callers without the right, while every fixture still exists. Each must change nothing.
  for (const route of ordered) {
    const e = ROUTE_EXPECTATIONS[route.key];
    if (!e) continue;
    const before = await databaseFingerprint(t.db);
    if (e.auth === 'user' || e.auth === 'admin') {
      record(route, 'anonymous', 'needs a session', await call(route, e, 'alice', {}), [401], {
        leakIfUnexpected: true,
      });
      record(
        route,
        'anonymous+api key',
        'a key is no session',
        await call(route, e, 'alice', { key: erpKey }),
        [401],
        {
          leakIfUnexpected: true,
        },
      );
    }
    if (e.auth === 'admin') {
      for (const who of ['alice', 'bob'] as const) {
        record(
          route,
          who,
          'employees never reach admin APIs',
          await call(route, e, who, { cookie: cookies[who] }),
          [403],
          {
            leakIfUnexpected: true,
          },
        );
      }
    }
    if (e.auth === 'user' && referencesOwned(e)) {
      for (const [who, other] of [
        ['alice', 'bob'],
        ['bob', 'alice'],
      ] as const) {
        const result = await call(route, e, other, { cookie: cookies[who] });
        record(route, who, `on ${other}'s resource`, result, e.foreign ?? [403, 404], {
          leakIfUnexpected: true,
          hiddenFrom: who,
        });
      }
    }
    if (e.auth === 'apiKey') {
      const none = await call(route, e, 'alice', {});
      record(route, 'anonymous', 'needs a key', none, [401], { leakIfUnexpected: true });
      const bogus = await call(route, e, 'alice', { key: `hbk_${randomUUID()}` });
      record(route, 'bogus key', 'unknown key', bogus, [401], { leakIfUnexpected: true });
      const session = await call(route, e, 'alice', { cookie: cookies.admin });
      record(route, 'admin session', 'a session is no key', session, [401], { leakIfUnexpected: true });
      if (e.params && Object.keys(e.params).length > 0) {
        const other = await call(route, e, 'alice', { key: crmKey });
        record(route, 'other connector key', "another connector's instance", other, e.foreign ?? [404], {
          leakIfUnexpected: true,
        });
      }
    }
    if (e.auth === 'signature') {
      for (const [caller, credentials] of [
        ['anonymous', {}],
        ['alice', { cookie: cookies.alice }],
        ['admin', { cookie: cookies.admin }],
        ['api key', { key: erpKey }],
      ] as const) {
        const result = await call(route, e, 'alice', credentials);
        record(route, caller, 'only the source signature counts', result, [400, 401], {
          leakIfUnexpected: true,
        });
      }
    }
    if (e.auth === 'notFound') {
      for (const role of ['anonymous', 'alice', 'admin'] as const) {
        record(
          route,
          role,
          'unknown API path',
          await call(route, e, 'alice', { cookie: cookies[role] }),
          [404],
        );
      }
    }
    const after = await databaseFingerprint(t.db);
    const changed = diffFingerprints(before, after);
    if (changed.length) {
      outcomes.push({
        route: route.key,
        caller: 'unauthorized callers',
        check: 'database unchanged',
        status: 0,
        problem: `changed: ${changed.join(', ')}`,
        leak: true,
      });
    }
  }
  // Phase 2 — the rightful callers.
  for (const route of ordered) {
    const e = ROUTE_EXPECTATIONS[route.key];
    if (!e) continue;
    if (e.auth === 'public') {
      for (const role of ['anonymous', 'alice'] as const) {
        record(route, role, 'public', await call(route, e, 'alice', { cookie: cookies[role] }), is2xx);
      }
    }
    if (e.auth === 'nextauth') {
      for (const who of ['alice', 'bob'] as const) {
        const result = await call(route, e, who, { cookie: cookies[who] });
        record(route, who, 'own session only', result, (s) => s < 500, { foreignFormat: true });
        const other = userIds[who === 'alice' ? 'bob' : 'alice'] as string;
        // GET /api/auth/session shows the caller's own session; POST (session update) needs next-auth's CSRF token.
        const mine = route.method === 'GET' ? result.text.includes(userIds[who] as string) : true;
        if (result.text.includes(other) || !mine) {
          outcomes.push({
            route: route.key,
            caller: who,
            check: 'session is mine',
            status: result.status,
            problem: 'wrong session',
            leak: true,
          });
        }
      }
      const anonymous = await call(route, e, 'alice', {});
      record(route, 'anonymous', 'no session', anonymous, (s) => s < 500, { foreignFormat: true });
      if (Object.values(userIds).some((id) => anonymous.text.includes(id))) {
        outcomes.push({
          route: route.key,
          caller: 'anonymous',
          check: 'no session',
          status: anonymous.status,
          problem: 'session leaked',
          leak: true,
        });
      }
    }
    if (e.auth === 'user') {
      for (const who of ['alice', 'bob'] as const) {
        const result = await call(route, e, who, { cookie: cookies[who] });
        record(route, who, 'own resource', result, e.own ?? is2xx, { hiddenFrom: who });
      }
    }
    if (e.auth === 'apiKey') {
      record(
        route,
        'own connector key',
        'own connector',
        await call(route, e, 'alice', { key: erpKey }),
        e.own ?? is2xx,
      );
      if (!e.params || Object.keys(e.params).length === 0) {
        // Listings and pushes under another key never show this connector's instances.
        const other = await call(route, e, 'alice', { key: crmKey });
        record(route, 'other connector key', 'own connector only', other, e.own ?? is2xx);
        if (other.text.includes(shared.externalId as string)) {
          outcomes.push({
            route: route.key,
            caller: 'other connector key',
            check: 'own connector only',
            status: other.status,
            problem: 'saw ERP data',
            leak: true,
          });
        }
      }
    }
  }
  // Phase 3 — admins (last: some admin calls change connectors).
  for (const route of ordered) {
    const e = ROUTE_EXPECTATIONS[route.key];
    if (e?.auth === 'admin') {
      record(
        route,
        'admin',
        'admin passes',
        await call(route, e, 'alice', { cookie: cookies.admin }),
        e.own ?? is2xx,
      );
    }
    if (e?.auth === 'user') {
      record(
        route,
        'admin',
        'admin as a user',
        await call(route, e, 'alice', { cookie: cookies.admin }),
        (s) => s < 500,
      );
    }
  }

  const problems = outcomes.filter((o) => o.problem);
  const leaks = problems.filter((o) => o.leak);
  const summary = {
    at: new Date().toISOString(),
    routes: routes.length,
    requests: outcomes.length,
    leaks: leaks.length,
    problems: problems.length,
    byAuth: Object.fromEntries(
      ['public', 'notFound', 'nextauth', 'user', 'admin', 'apiKey', 'signature'].map((a) => [
        a,
        Object.values(ROUTE_EXPECTATIONS).filter((e) => e.auth === a).length,
      ]),
    ),
    failures: problems,
  };
  console.log(
    `access matrix: ${summary.routes} route handlers, ${summary.requests} requests, ${summary.leaks} leaks, ${summary.problems} problems`,
  );
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench/results/access-matrix.json'), `${JSON.stringify(summary, null, 2)}\n`);
  expect(problems).toEqual([]);
}, 240_000);

// ---- Pages: every app/**/page.tsx, evaluated with its layouts the way Next renders it.

/** What Next would answer for a page: 200, a redirect (`redirect:/path`), or the 403/404 fallbacks. */
async function renderPage(
  page: DiscoveredPage,
  params: Record<string, string | string[]>,
  cookie?: string,
): Promise<PageOutcome> {
  // next.config.mjs turns on experimental.authInterrupts (forbidden() → app/forbidden.tsx); next build inlines it.
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
  const modules = await Promise.all(
    [...page.layouts, page.file].map(
      async (file) => (await import(/* @vite-ignore */ path.join(ROOT, file))) as { default: PageComponent },
    ),
  );
  const request = new Request(`${ORIGIN}${fillPattern(page.pattern, params)}`, {
    headers: cookie ? { cookie } : {},
  });
  const response = await invokeRoute(
    async () => {
      try {
        // Layouts first, outermost first: a layout's redirect or 403 wins over anything the page would do.
        for (const mod of modules) {
          await mod.default({
            params: Promise.resolve(params),
            searchParams: Promise.resolve({}),
            children: null,
          });
        }
        return new Response(null, { status: 200 });
      } catch (error) {
        const digest = String((error as { digest?: unknown }).digest ?? '');
        if (digest.startsWith('NEXT_REDIRECT')) {
          return new Response(null, { status: 307, headers: { location: digest.split(';')[2] ?? '' } });
        }
        const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d+)$/.exec(digest);
        if (fallback) return new Response(null, { status: Number(fallback[1]) });
        throw error;
      }
    },
    request,
    params,
  );
  if (response.status === 307) return `redirect:${response.headers.get('location')}`;
  return response.status as PageOutcome;
}

test('every page on disk has an access expectation, and every expectation a page', () => {
  const onDisk = discoverPages(ROOT).map((p) => p.key);
  const listed = Object.keys(PAGE_EXPECTATIONS).sort();
  expect(
    onDisk.filter((k) => !listed.includes(k)),
    'pages without a line in page-expectations.ts',
  ).toEqual([]);
  expect(
    listed.filter((k) => !onDisk.includes(k)),
    'lines without a page on disk',
  ).toEqual([]);
});

test("the page access matrix: anonymous to login, employees 403 on admin pages and 404 on others' instances, admin 200", async () => {
  const problems: string[] = [];
  const check = (page: string, caller: string, got: PageOutcome, expected: PageOutcome) => {
    if (got !== expected) problems.push(`${page} as ${caller}: expected ${expected}, got ${got}`);
  };
  for (const page of discoverPages(ROOT)) {
    const e = PAGE_EXPECTATIONS[page.key];
    if (!e) continue;
    if (e.auth === 'public') {
      check(page.key, 'anonymous', await renderPage(page, {}), page.key === '/' ? (e.signedIn ?? 200) : 200);
      check(page.key, 'alice', await renderPage(page, {}, cookies.alice), e.signedIn ?? 200);
      continue;
    }
    if (e.auth === 'gone') {
      for (const role of ['anonymous', 'alice', 'admin'] as const) {
        check(page.key, role, await renderPage(page, {}, cookies[role]), 404);
      }
      continue;
    }
    const params = (owner: Who) =>
      Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, resolve(v, owner)]));
    const anonymous = await renderPage(page, params('alice'));
    check(
      page.key,
      'anonymous',
      String(anonymous).startsWith('redirect:/login') ? 'redirect:/login' : anonymous,
      'redirect:/login',
    );
    if (e.auth === 'admin') {
      for (const who of ['alice', 'bob'] as const) {
        check(page.key, who, await renderPage(page, params(who), cookies[who]), 403);
      }
      check(page.key, 'admin', await renderPage(page, params('alice'), cookies.admin), e.own ?? 200);
      continue;
    }
    for (const [who, other] of [
      ['alice', 'bob'],
      ['bob', 'alice'],
    ] as const) {
      check(page.key, who, await renderPage(page, params(who), cookies[who]), e.own ?? 200);
      const owned = Object.values(e.params ?? {}).some((v) => typeof v === 'string' && USER_OWNED.has(v));
      if (owned)
        check(page.key, `${who} on ${other}'s`, await renderPage(page, params(other), cookies[who]), 404);
    }
  }
  expect(problems).toEqual([]);
}, 120_000);
