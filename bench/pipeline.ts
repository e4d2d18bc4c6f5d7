/**
 * The whole DingTalk pipeline for end-to-end benches: a throwaway database, the sandbox (minimal scenario), a
 * Stream-mode connector pointed at it, local users u1…u5 whose emails match the sandbox's, and the worker
 * started in this process (Stream connection + job handlers, no cron schedules).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createDb, type Db } from '@/db/client';
import { runMigrations } from '@/db/migrate';
import { processInstances, tasks } from '@/db/schema';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { benchDatabase } from './harness';

export const USERS = ['u1', 'u2', 'u3', 'u4', 'u5'] as const;

export type Pipeline = {
  db: Db;
  sandbox: RunningSandbox;
  connectorId: string;
  /** sandbox userId (u1…) → Huiban user id. */
  userIds: Record<string, string>;
  stop(): Promise<void>;
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns true; throws after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function startPipeline(
  label: string,
  sandboxOptions: Partial<SandboxOptions> = {},
): Promise<Pipeline> {
  const database = await benchDatabase(label);
  const previousStorage = process.env.STORAGE_DIR;
  const storage = mkdtempSync(path.join(tmpdir(), `huiban-bench-${label}-`));
  process.env.STORAGE_DIR = storage;
  let sandbox: RunningSandbox | undefined;
  let db: Db | undefined;
  let worker: RunningWorker | undefined;
  const stop = async () => {
    await worker?.stop();
    await db?.$client.end({ timeout: 5 });
    await sandbox?.close();
    await database.drop();
    rmSync(storage, { recursive: true, force: true });
    if (previousStorage === undefined) delete process.env.STORAGE_DIR;
    else process.env.STORAGE_DIR = previousStorage;
  };
  try {
    await runMigrations(database.url);
    sandbox = await startSandbox({ scenario: minimalScenario(), options: sandboxOptions });
    db = createDb(database.url, { max: 4, applicationName: 'bench-observer' });
    const userIds = await createUsers(
      db,
      USERS.map((u) => ({ username: u, name: u, email: `${u}@test.example`, password: null })),
    );
    const { id: connectorId } = await createDingTalkConnector(db, {
      sandboxUrl: sandbox.url,
      corpId: TEST_CORP_ID,
      app: TEST_APP,
      deliveryMode: 'stream',
    });
    worker = await startWorker({ databaseUrl: database.url, schedules: false });
    const box = sandbox;
    await waitUntil(
      'the worker’s Stream connection',
      () => box.control.streamConnections().some((c) => c.state === 'open'),
      20_000,
    );
    return { db, sandbox, connectorId, userIds, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts a purchase approval "inside DingTalk" by u1 with sequential single approvers; returns its id. */
export function startApproval(p: Pipeline, approvers: string[]): string {
  const started = p.sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: approvers.map((u) => ({ actionType: 'NONE' as const, userIds: [u] })),
    form: { 采购事由: '显示器', '金额（元）': '1999' },
  });
  return String(started.processInstanceId);
}

/** externalId → instance status and `assignee:status` of its approval tasks (resolved users only). */
export async function instanceStates(
  p: Pipeline,
  externalIds: string[],
): Promise<Map<string, { status: string; tasks: string[] }>> {
  const rows = await p.db
    .select({
      externalId: processInstances.externalId,
      status: processInstances.status,
      assignee: tasks.assigneeExternalId,
      assigneeUserId: tasks.assigneeUserId,
      taskStatus: tasks.status,
      kind: tasks.kind,
    })
    .from(processInstances)
    .leftJoin(tasks, eq(tasks.instanceId, processInstances.id))
    .where(
      and(eq(processInstances.connectorId, p.connectorId), inArray(processInstances.externalId, externalIds)),
    );
  const out = new Map<string, { status: string; tasks: string[] }>();
  for (const r of rows) {
    const entry = out.get(r.externalId) ?? { status: r.status, tasks: [] };
    if (r.kind === 'approval' && r.assigneeUserId) entry.tasks.push(`${r.assignee}:${r.taskStatus}`);
    out.set(r.externalId, entry);
  }
  return out;
}

/** Waits until the sandbox has nothing in flight and no job other than the heartbeat is waiting or running. */
export async function waitForQuiet(p: Pipeline, timeoutMs = 60_000): Promise<void> {
  await p.sandbox.control.waitForIdle(timeoutMs);
  await waitUntil(
    'the job queues to drain',
    async () => {
      const [row] = await p.db.execute<{ n: number }>(
        sql.raw(
          `SELECT count(*)::int AS n FROM ${BOSS_SCHEMA}.job
           WHERE state IN ('created', 'retry', 'active') AND name <> 'worker-heartbeat'`,
        ),
      );
      return (row?.n ?? 0) === 0;
    },
    timeoutMs,
    100,
  );
}
