/**
 * The inbox at scale: 1 000 000 tasks for 10 000 users across all four sources, seeded with set-based SQL
 * (generate_series, no per-row round trips). Then 50 concurrent users each open 待我处理 (list + badge counts +
 * pending steps, exactly what GET /api/tasks runs: loadInboxAnswer()) and search it, beside the raw indexed SQL
 * of the same list query in the same run; and the same API work with one caller alone (latency without
 * queueing). Goals: one caller p95 < 30 ms; 50 callers ≥ 500 calls/s. Then the plan of every statement of one
 * API call (EXPLAIN ANALYZE, BUFFERS), printed and kept in the result file, so a slow figure shows its cause.
 *
 * BENCH_INBOX_TASKS (default 1 000 000), BENCH_INBOX_USERS (10 000), BENCH_INBOX_ROUNDS (per caller, 10),
 * BENCH_INBOX_POOL (connections, 10). The database is this run's own and is dropped at the end.
 */
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createDb, type Db } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import * as schema from '@/db/schema';
import { loadInboxAnswer } from '@/lib/tasks/inbox/inbox-answer';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { benchDatabase, percentiles, type Row, report, round } from './harness';

const TASKS = Number(process.env.BENCH_INBOX_TASKS ?? 1_000_000);
const USERS = Number(process.env.BENCH_INBOX_USERS ?? 10_000);
const CONCURRENCY = 50;
const ROUNDS = Number(process.env.BENCH_INBOX_ROUNDS ?? 10);
const POOL = Number(process.env.BENCH_INBOX_POOL ?? 10);

type Plan = { statement: string; executionMs: number; planningMs: number; plan: string };

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement `fn` sends: run once through a client that records what it sends,
 * then each recorded statement explained with its parameters.
 */
async function explainEach(
  url: string,
  sql: postgres.Sql,
  fn: (db: Db) => Promise<unknown>,
): Promise<Plan[]> {
  const sent: { query: string; params: unknown[] }[] = [];
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, params) => sent.push({ query, params: [...params] }),
  });
  const db = Object.assign(drizzle(client, { schema }), { $client: client }) as unknown as Db;
  try {
    await fn(db);
  } finally {
    await client.end({ timeout: 5 });
  }
  const plans: Plan[] = [];
  for (const { query, params } of sent) {
    if (!/^\s*(select|with)\b/i.test(query)) continue;
    const lines = (await sql.unsafe(
      `EXPLAIN (ANALYZE, BUFFERS) ${query}`,
      params as postgres.ParameterOrJSON<never>[],
    )) as unknown as { 'QUERY PLAN': string }[];
    const text = lines.map((l) => l['QUERY PLAN']);
    const ms = (label: string) =>
      Number(text.find((l) => l.startsWith(label))?.match(/([\d.]+) ms/)?.[1] ?? Number.NaN);
    plans.push({
      statement: query.replace(/\s+/g, ' ').slice(0, 160),
      executionMs: ms('Execution Time'),
      planningMs: ms('Planning Time'),
      plan: text.join('\n'),
    });
  }
  return plans;
}

/** Two tasks per instance (one approval, one cc): TASKS / 2 instances. */
async function seed(sql: postgres.Sql): Promise<{ seconds: number; userIds: string[] }> {
  const started = performance.now();
  await sql`INSERT INTO users (username, name, password_hash)
    SELECT 'u' || g, '员工' || g, 'x' FROM generate_series(1, ${USERS}) g`;
  await sql`INSERT INTO connectors (kind, name)
    VALUES ('dingtalk', '钉钉'), ('yida', '宜搭'), ('local', '本地流程'), ('api', 'ERP')`;
  const instances = Math.floor(TASKS / 2);
  // Users and connectors in arrays so each generated row picks one by index.
  await sql`
    WITH u AS (SELECT array_agg(id ORDER BY username) ids FROM users),
         c AS (SELECT array_agg(id ORDER BY kind) ids, array_agg(kind ORDER BY kind) kinds FROM connectors),
         words AS (SELECT ARRAY['差旅报销申请','采购申请','请假申请','合同审批','用印申请','出差申请','付款申请'] w,
                          ARRAY['报销','采购','请假','合同','用印','出差','付款'] p)
    INSERT INTO process_instances (id, source, connector_id, external_id, process_code, process_name, title,
      originator_user_id, originator_external_id, originator_name, status, summary, source_created_at, source_updated_at)
    SELECT gen_random_uuid(), c.kinds[1 + g % 4], c.ids[1 + g % 4], 'inst-' || g, 'PROC-' || (g % 7),
      words.p[1 + g % 7], words.w[1 + g % 7] || ' #' || g,
      u.ids[1 + (g * 7) % ${USERS}], 'ext-' || ((g * 7) % ${USERS}), '员工' || ((g * 7) % ${USERS} + 1),
      CASE WHEN g % 5 = 0 THEN 'running' ELSE 'completed' END::instance_status,
      '金额: ' || (g % 9000 + 100) || ' 元',
      now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
    FROM generate_series(1, ${instances}) g, u, c, words`;
  await sql`
    INSERT INTO tasks (instance_id, connector_id, source, external_task_id, kind, assignee_user_id,
      assignee_external_id, status, result, title, node_name, received_at, finished_at, due_at, search_text,
      source_updated_at)
    SELECT i.id, i.connector_id, i.source, k.kind || '-' || i.external_id, k.kind::task_kind,
      u.ids[1 + (n * (CASE WHEN k.kind = 'approval' THEN 13 ELSE 17 END)) % ${USERS}],
      'ext-' || n, CASE WHEN i.status = 'running' OR k.kind = 'cc' THEN (CASE WHEN k.kind = 'cc' THEN 'done' ELSE 'pending' END) ELSE 'done' END::task_status,
      CASE WHEN i.status = 'completed' AND k.kind = 'approval' THEN 'agree' END::task_result,
      i.title, '审批人', i.source_created_at,
      CASE WHEN i.status = 'completed' THEN i.source_created_at + interval '1 hour' END,
      CASE WHEN n % 3 = 0 THEN i.source_created_at + interval '3 days' END,
      concat_ws(' ', i.title, i.process_name, i.originator_name, i.summary), i.source_updated_at
    FROM (SELECT *, row_number() OVER () n FROM process_instances) i,
         (VALUES ('approval'), ('cc')) k(kind),
         (SELECT array_agg(id ORDER BY username) ids FROM users) u`;
  // A live database is vacuumed by autovacuum; the visibility map is what lets counts read the index alone.
  await sql`VACUUM ANALYZE`;
  const userIds = (await sql<{ id: string }[]>`SELECT id FROM users ORDER BY username`).map((r) => r.id);
  return { seconds: round((performance.now() - started) / 1000, 1), userIds };
}

/** Runs `fn` for CONCURRENCY users, ROUNDS times each, returning per-call latency percentiles. */
async function load(
  userIds: string[],
  fn: (userId: string) => Promise<unknown>,
  callers = CONCURRENCY,
  rounds = ROUNDS,
) {
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, worker) => {
      for (let r = 0; r < rounds; r++) {
        const userId = userIds[(worker * 197 + r * 31) % userIds.length]!;
        const t0 = performance.now();
        await fn(userId);
        samples.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ...percentiles(samples), calls: samples.length, perSecond: Math.round(samples.length / seconds) };
}

export async function run(): Promise<void> {
  const target = await benchDatabase('inbox');
  await runMigrations(target.url);
  const sql = postgres(target.url, { max: POOL, onnotice: () => {} });
  const db = createDb(target.url, { max: POOL, applicationName: 'bench-inbox' });
  const rows: Row[] = [];
  try {
    const { seconds, userIds } = await seed(sql);
    const [counted] = await sql<{ n: number }[]>`SELECT count(*)::int n FROM tasks`;
    const n = counted?.n ?? 0;
    console.log(`seeded ${n} tasks for ${userIds.length} users in ${seconds} s`);
    const viewer = (userId: string) => ({ userId, name: 'bench', isAdmin: false });
    // What GET /api/tasks?view=pending runs: the page, its pending steps, and the badge counts.
    const apiWork = (d: Db, u: string) => loadInboxAnswer(d, viewer(u), { view: 'pending' });

    // Warm-up so the first figures do not include cold caches or plan preparation.
    await load(userIds.slice(0, 100), (u) => listInbox(db, viewer(u), { view: 'pending' }));

    const raw = await load(
      userIds,
      (u) => sql`SELECT t.*, i.process_name, i.originator_name, i.summary, c.name
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id JOIN connectors c ON c.id = t.connector_id
        WHERE t.assignee_user_id = ${u} AND t.kind = 'approval' AND t.status = 'pending' AND t.acted_at IS NULL
        ORDER BY t.received_at DESC, t.id DESC LIMIT 21`,
    );
    const list = await load(userIds, (u) => listInbox(db, viewer(u), { view: 'pending' }));
    const api = await load(userIds, (u) => apiWork(db, u));
    // One caller alone: the latency of the queries themselves, without queueing behind 49 others; 200 calls.
    const apiAlone = await load(userIds, (u) => apiWork(db, u), 1, Math.max(ROUNDS, 200));
    const search = await load(userIds, (u) =>
      listInbox(db, viewer(u), { view: 'done', filters: { q: '报销' } }),
    );
    const counts = await sql<{ pending: number; done: number }[]>`
      SELECT avg(p)::int pending, avg(d)::int done FROM (
        SELECT count(*) FILTER (WHERE kind = 'approval' AND status = 'pending') p,
               count(*) FILTER (WHERE kind = 'approval' AND status <> 'pending') d
        FROM tasks GROUP BY assignee_user_id) x`;
    const row = (name: string, f: Awaited<ReturnType<typeof load>>) => ({
      query: name,
      calls: f.calls,
      'calls/s': f.perSecond,
      'p50 ms': f.p50,
      'p95 ms': f.p95,
      'p99 ms': f.p99,
      'p95 / raw p95': round(f.p95 / raw.p95, 2),
      goal: '',
    });
    rows.push(
      row('raw indexed SQL (待我处理 page)', raw),
      row('listInbox 待我处理', list),
      {
        ...row(`GET /api/tasks work (loadInboxAnswer), ${CONCURRENCY} callers`, api),
        goal: `≥ 500 calls/s: ${api.perSecond >= 500 ? 'met' : 'MISSED'}`,
      },
      {
        ...row('GET /api/tasks work (loadInboxAnswer), 1 caller', apiAlone),
        goal: `p95 < 30 ms: ${apiAlone.p95 < 30 ? 'met' : 'MISSED'}`,
      },
      row('search 报销 in 我已处理', search),
    );
    // The busiest viewer's call, explained statement by statement.
    const [busiest] = await sql<{ id: string }[]>`
      SELECT assignee_user_id id FROM tasks WHERE kind = 'approval' AND status = 'pending'
      GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`;
    const plans = await explainEach(target.url, sql, (d) => apiWork(d, busiest?.id ?? userIds[0]!));
    console.log('\nplans of one GET /api/tasks call (the viewer with the most pending tasks):');
    for (const p of plans) console.log(`  ${p.executionMs} ms (planning ${p.planningMs} ms): ${p.statement}`);
    report('inbox-scale', rows, {
      plans,
      tasks: n,
      users: userIds.length,
      concurrency: CONCURRENCY,
      seedSeconds: seconds,
      avgPendingPerUser: counts[0]?.pending,
      avgDonePerUser: counts[0]?.done,
      pool: POOL,
      note: `Domain functions of GET /api/tasks over a pool of ${POOL}; HTTP and session decoding not included.`,
    });
  } finally {
    await db.$client.end({ timeout: 5 });
    await sql.end();
    await target.drop();
  }
}
