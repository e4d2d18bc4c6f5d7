import { sql } from 'drizzle-orm';
import { type Db, getDb } from '@/db/client';
import { decryptSecret, encryptSecret, getSecretsKey } from '@/lib/crypto/secrets';
import { rawEnv } from '@/lib/env';
import { log } from '@/lib/log';

/**
 * DingTalk's per-app × per-API QPS limit and its access token, shared by every web and worker process through
 * PostgreSQL (design.md "Limits are shared"): N processes together stay under one limit and ask for one token.
 * Without a database (unit tests, tools) or when it fails, each process falls back to its own window and token
 * map: calls keep flowing, and throttling answers are backed off and retried by the caller.
 */

let registered: Db | undefined;

/** The database the limits live in (the worker registers its pool; the web uses the default one). */
export function setSharedLimitsDb(db: Db | undefined): void {
  registered = db;
}

function limitsDb(): Db | undefined {
  return registered ?? (rawEnv().DATABASE_URL ? getDb() : undefined);
}

/**
 * The window calls are counted in: DingTalk's second, plus 50 ms for the two clocks' rounding (the sandbox and
 * DingTalk count whole milliseconds at arrival).
 */
const WINDOW_MS = 1_050;
/** Admission rows are kept this long, then pruned by the next admission for the key. */
const KEEP_MS = 10_000;
/** A call in flight longer than the HTTP timeout (15 s) has ended; its process died before saying so. */
const IN_FLIGHT_MAX_MS = 20_000;
/** How long to wait before looking again when every counted call is still in flight. */
const IN_FLIGHT_POLL_MS = 25;

let warned = false;
function fallBack(error: unknown): void {
  if (!warned) log.warn({ err: error }, 'shared DingTalk limits unavailable; limiting per process');
  warned = true;
}

/** Call when the call's answer came back (or it failed): stamps its slot with that time. */
export type ReleaseSlot = () => Promise<void>;

/**
 * Waits until one more call to `key` (app × API) fits under `qps` calls per window across every process, and
 * records it; the caller releases the slot when the answer is back. DingTalk counts calls when they arrive,
 * which is somewhere between our admission and the answer, and a busy process or network can delay a call by
 * hundreds of milliseconds: so a slot in flight counts as arriving now, and a finished one is dated by its
 * answer. Then no two calls DingTalk sees within a second can exceed the limit, whatever the delays. One short
 * transaction per call, serialised per key by an advisory lock; the database's clock is the one all processes
 * share.
 */
export async function acquireCallSlot(key: string, qps: number): Promise<ReleaseSlot> {
  const db = limitsDb();
  if (!db) return acquireLocalSlot(key, qps);
  for (;;) {
    let admitted: { id: number } | { waitMs: number };
    try {
      admitted = await db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`qps:${key}`}))`);
        const [row] = (await tx.execute(sql`
          WITH pruned AS (
            DELETE FROM api_call_slots
            WHERE key = ${key} AND at < clock_timestamp() - make_interval(secs => ${KEEP_MS / 1000})
          ),
          counted AS (
            SELECT at, done FROM api_call_slots
            WHERE key = ${key} AND (
              (done AND at > clock_timestamp() - make_interval(secs => ${WINDOW_MS / 1000}))
              OR (NOT done AND at > clock_timestamp() - make_interval(secs => ${IN_FLIGHT_MAX_MS / 1000}))
            )
          )
          SELECT count(*)::int AS n,
            extract(epoch FROM (min(at) FILTER (WHERE done) + make_interval(secs => ${WINDOW_MS / 1000})
              - clock_timestamp())) * 1000 AS wait_ms
          FROM counted
        `)) as unknown as { n: number; wait_ms: number | null }[];
        if ((row?.n ?? 0) < qps) {
          const [slot] = (await tx.execute(
            sql`INSERT INTO api_call_slots (key, at) VALUES (${key}, clock_timestamp()) RETURNING id`,
          )) as unknown as { id: number }[];
          return { id: Number(slot?.id) };
        }
        const wait =
          row?.wait_ms === null || row?.wait_ms === undefined ? IN_FLIGHT_POLL_MS : Number(row.wait_ms);
        return { waitMs: Math.max(1, Math.ceil(wait)) };
      });
    } catch (error) {
      fallBack(error);
      return acquireLocalSlot(key, qps);
    }
    if ('id' in admitted) {
      const id = admitted.id;
      return async () => {
        try {
          await db.execute(
            sql`UPDATE api_call_slots SET at = clock_timestamp(), done = true WHERE id = ${id}`,
          );
        } catch (error) {
          // Left in flight, it counts until IN_FLIGHT_MAX_MS: slower, never over the limit.
          fallBack(error);
        }
      };
    }
    await sleep(admitted.waitMs);
  }
}

type LocalSlot = { at: number; done: boolean };
const windows = new Map<string, LocalSlot[]>();
async function acquireLocalSlot(key: string, qps: number): Promise<ReleaseSlot> {
  for (;;) {
    const now = Date.now();
    const recent = (windows.get(key) ?? []).filter((t) =>
      t.done ? now - t.at < WINDOW_MS : now - t.at < IN_FLIGHT_MAX_MS,
    );
    windows.set(key, recent);
    if (recent.length < qps) {
      const slot = { at: now, done: false };
      recent.push(slot);
      return async () => {
        slot.at = Date.now();
        slot.done = true;
      };
    }
    const oldestDone = Math.min(...recent.filter((t) => t.done).map((t) => t.at));
    await sleep(Number.isFinite(oldestDone) ? WINDOW_MS - (now - oldestDone) + 1 : IN_FLIGHT_POLL_MS);
  }
}

export type SharedToken = { value: string; expiresAt: number };

/**
 * The token stored for `key`, or a new one from `request` when none is stored, it expired, or the caller found
 * `rejected` refused (then a token other than that one is used if another process already refreshed it), or
 * `fresh` asks for a new one whatever is stored. The
 * refresh runs under an advisory lock, so concurrent processes wait for one request instead of each sending one.
 * Tokens are sealed with the secrets key, bound to their key (invariant 6).
 */
export async function sharedToken(
  key: string,
  request: () => Promise<SharedToken>,
  options: { rejected?: string; fresh?: boolean } = {},
): Promise<SharedToken> {
  const db = limitsDb();
  if (!db) return request();
  let secretsKey: Buffer;
  try {
    secretsKey = getSecretsKey();
  } catch (error) {
    fallBack(error);
    return request();
  }
  let fetched: SharedToken | null = null;
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`token:${key}`}))`);
      const [row] = (await tx.execute(sql`
        SELECT sealed_token, extract(epoch FROM expires_at) * 1000 AS expires_ms
        FROM source_tokens WHERE key = ${key} AND expires_at > clock_timestamp()
      `)) as unknown as { sealed_token: string; expires_ms: number }[];
      if (row && !options.fresh) {
        const value = decryptSecret(row.sealed_token, secretsKey, key);
        if (value !== options.rejected) return { value, expiresAt: Number(row.expires_ms) };
      }
      fetched = await request();
      await tx.execute(sql`
        INSERT INTO source_tokens (key, sealed_token, expires_at, updated_at)
        VALUES (${key}, ${encryptSecret(fetched.value, secretsKey, key)}, ${new Date(fetched.expiresAt).toISOString()}::timestamptz, now())
        ON CONFLICT (key) DO UPDATE SET sealed_token = excluded.sealed_token, expires_at = excluded.expires_at,
          updated_at = now()
      `);
      return fetched;
    });
  } catch (error) {
    // The source's own refusal (bad credentials, throttled) is the caller's to handle; a database failure is not.
    if (isSourceError(error)) throw error;
    fallBack(error);
    return fetched ?? request();
  }
}

function isSourceError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AdapterError';
}

/** Forget the per-process fallback windows (tests). */
export function clearLocalSlots(): void {
  windows.clear();
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
