import type { Db } from '@/db/client';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import type { ConnectorRuntime } from '@/lib/connectors/types';
import type { Logger } from '@/lib/log';
import { isProcessExcluded } from './is-process-excluded';
import {
  type InboundLookups,
  type ProcessInboundInput,
  type ProcessInboundOutcome,
  processInboundEvents,
} from './process-inbound-events';

export type InboundJob = {
  id: string;
  input: ProcessInboundInput;
  isFinalAttempt: boolean;
  /** Retries left after this attempt. */
  retriesLeft: number;
};

export type InboundBatchResult = {
  /** Jobs to retry, each with its instance's error; every other job of the batch is done. */
  failures: { jobId: string; error: unknown }[];
  /** Per instance (or contact event) handled: its outcome. */
  outcomes: ProcessInboundOutcome[];
};

/** Instances of one batch worked on at once: enough to keep the source's QPS budget busy while others write. */
const INSTANCES_AT_ONCE = 8;

/**
 * processInboundEvents() for a batch of jobs, as a burst leaves them (one job per event, thousands queued):
 * - the jobs of one instance are one run: it claims every open event of the instance, so N events of an
 *   instance in the batch cost one snapshot fetch (1.00 API calls per change, as before);
 * - the batch's instances run concurrently (INSTANCES_AT_ONCE), each in its own transactions, so one slow or
 *   failing instance neither blocks nor rolls back the others;
 * - the connector and its process settings are looked up once per batch, not once per job.
 * A failed instance is retried by one of its jobs (the one with the most retries left: its events were marked
 * `failed` and that job's retry claims them all again); its other jobs complete, their events being in that
 * claim. Idempotent like processInboundEvents(): a job whose events another run already took finds nothing.
 */
export async function processInboundBatch(
  db: Db,
  jobs: InboundJob[],
  options: { log: Logger },
): Promise<InboundBatchResult> {
  const groups = new Map<string, InboundJob[]>();
  for (const job of jobs) {
    const { connectorId, instanceExternalId, inboundEventId } = job.input;
    // Contact events name no instance: each is its own run.
    const key = `${connectorId}|${instanceExternalId === null ? `event:${inboundEventId}` : `instance:${instanceExternalId}`}`;
    const group = groups.get(key);
    if (group) group.push(job);
    else groups.set(key, [job]);
  }
  const lookups = batchLookups();
  const failures: InboundBatchResult['failures'] = [];
  const outcomes: ProcessInboundOutcome[] = [];
  const queue = [...groups.values()];
  const runNext = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      const carrier = group.reduce((best, job) => (job.retriesLeft > best.retriesLeft ? job : best));
      try {
        outcomes.push(
          await processInboundEvents(db, carrier.input, {
            log: options.log,
            isFinalAttempt: carrier.isFinalAttempt,
            lookups,
          }),
        );
      } catch (error) {
        options.log.warn(
          { err: error, instance: carrier.input.instanceExternalId, jobs: group.length },
          'inbound events failed; retrying',
        );
        failures.push({ jobId: carrier.id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(INSTANCES_AT_ONCE, queue.length) }, runNext));
  return { failures, outcomes };
}

/** Lookups shared by the runs of one batch: each asked once, concurrent askers share the answer. */
function batchLookups(): InboundLookups {
  const connectors = new Map<string, Promise<ConnectorRuntime | null>>();
  const exclusions = new Map<string, Promise<boolean>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key);
    if (!hit) {
      hit = load();
      // A failed lookup is not kept: the next instance of the batch asks again.
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };
  return {
    connector: (db: Db, connectorId: string) =>
      once(connectors, connectorId, () => unsafeLoadConnectorRuntime(db, connectorId)),
    isExcluded: (db: Db, connectorId: string, processCode: string) =>
      once(exclusions, `${connectorId}|${processCode}`, () =>
        isProcessExcluded(db, connectorId, processCode),
      ),
  };
}
