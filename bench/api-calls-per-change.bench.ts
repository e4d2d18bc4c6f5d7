/**
 * DingTalk API calls per instance state change: K approvals driven start → agree (u2) → agree (u3) in the
 * sandbox while the worker runs, each step waited for in Huiban's tables before the next, then the sandbox's
 * own call counters divided by the 3·K state changes. Token calls are quota-exempt and left out; user lookups
 * (identity resolution) and attachment downloads are one-off per user / file and reported apart.
 * Goal printed, not asserted: ≤ 1.5 calls per instance change.
 */
import { type Row, report, round } from './harness';
import {
  instanceStates,
  type Pipeline,
  startApproval,
  startPipeline,
  waitForQuiet,
  waitUntil,
} from './pipeline';

const INSTANCES = Number(process.env.BENCH_INSTANCES_API ?? 8);
const CHANGES_PER_INSTANCE = 3;
const GOAL_CALLS_PER_CHANGE = 1.5;

type Category = 'token' | 'user lookup' | 'attachment download' | 'per change';

function categoryOf(api: string): Category {
  if (/\/oauth2\/|\/gettoken\b/.test(api)) return 'token';
  if (/\/topapi\/(v2\/)?user\/|\/contact\/users/.test(api)) return 'user lookup';
  if (/files\/urls\/download|\/storage\//.test(api)) return 'attachment download';
  return 'per change';
}

export async function run(): Promise<void> {
  const p = await startPipeline('apicalls');
  const rows: Row[] = [];
  const context: Record<string, unknown> = {};
  try {
    // Warm-up: resolves u1, u2, u3 (their directory lookups happen once, not per change); not counted.
    await drive(p, 1);
    await waitForQuiet(p, 120_000);
    context.warmUp = p.sandbox.control.apiCalls().byApi;
    p.sandbox.control.resetApiCalls();

    const ids = await drive(p, INSTANCES);
    await waitForQuiet(p, 180_000);
    const calls = p.sandbox.control.apiCalls();
    const changes = INSTANCES * CHANGES_PER_INSTANCE;

    const byCategory = new Map<Category, number>();
    for (const [api, n] of Object.entries(calls.byApi).sort()) {
      const category = categoryOf(api);
      byCategory.set(category, (byCategory.get(category) ?? 0) + n);
      rows.push({ api: api.replace(/^\S+ /, ''), category, calls: n, 'per change': round(n / changes) });
    }
    const perChange = (byCategory.get('per change') ?? 0) / changes;
    rows.push({
      api: `TOTAL excluding token calls (${INSTANCES} instances × ${CHANGES_PER_INSTANCE} changes)`,
      category: 'per change',
      calls: byCategory.get('per change') ?? 0,
      'per change': round(perChange),
      goal: `≤ ${GOAL_CALLS_PER_CHANGE}: ${perChange <= GOAL_CALLS_PER_CHANGE ? 'met' : 'MISSED'}`,
    });
    for (const category of ['user lookup', 'attachment download'] as const) {
      const n = byCategory.get(category) ?? 0;
      rows.push({ api: `separately: ${category}`, category, calls: n, 'per change': round(n / changes) });
    }
    const perInstance = ids.map((id) => calls.byInstance[id] ?? 0);
    context.callsNamingEachInstance = {
      min: Math.min(...perInstance),
      max: Math.max(...perInstance),
      mean: round(perInstance.reduce((a, b) => a + b, 0) / perInstance.length),
    };
    context.tokenCalls = byCategory.get('token') ?? 0;
    context.total = calls.total;
  } finally {
    await p.stop();
  }
  report('api-calls-per-change', rows, {
    ...context,
    instances: INSTANCES,
    stateChanges: INSTANCES * CHANGES_PER_INSTANCE,
    notes: [
      'Each step is waited for in Huiban (task rows) before the next, so changes are not coalesced by the per-instance debounce; a burst of changes within COALESCE_SECONDS would cost fewer calls.',
      'Counts are successful calls as counted by the sandbox (throttled calls are not counted there).',
    ],
  });
}

/** start → u2 agrees → u3 agrees for `n` instances, each phase for all instances before the next. */
async function drive(p: Pipeline, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => startApproval(p, ['u2', 'u3']));
  const reached = (want: (s: { status: string; tasks: string[] }) => boolean) => async () => {
    const states = await instanceStates(p, ids);
    return ids.every((id) => {
      const s = states.get(id);
      return s !== undefined && want(s);
    });
  };
  await waitUntil(
    'u2 pending',
    reached((s) => s.tasks.includes('u2:pending')),
    180_000,
    100,
  );
  for (const id of ids) p.sandbox.control.act(id, { userId: 'u2', action: 'agree' });
  await waitUntil(
    'u3 pending',
    reached((s) => s.tasks.includes('u3:pending')),
    180_000,
    100,
  );
  for (const id of ids) p.sandbox.control.act(id, { userId: 'u3', action: 'agree' });
  await waitUntil(
    'completed',
    reached((s) => s.status === 'completed'),
    180_000,
    100,
  );
  return ids;
}
