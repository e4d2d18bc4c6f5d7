import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { inboundEvents } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import type { ConnectorRuntime, DirectoryChange } from '@/lib/connectors/types';
import { distributeRawEvents } from '@/lib/distribution/distribute-raw-events';
import { classifyFailure } from '@/lib/jobs/classify-failure';
import type { Logger } from '@/lib/log';
import { applyDirectoryChanges } from '@/lib/people/apply-directory-changes';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { isProcessExcluded } from './is-process-excluded';
import { storedProcessCode } from './stored-process-code';

export type ProcessInboundInput = {
  connectorId: string;
  instanceExternalId: string | null;
  inboundEventId: string;
};
export type ProcessInboundOutcome = 'applied' | 'nothing-to-do' | 'skipped' | 'not-found' | 'failed';

/**
 * What a batch of jobs looks up once for all its instances (lib/sync/process-inbound-batch.ts): the connector
 * (null: deleted) and the per-process exclusion settings.
 */
export type InboundLookups = {
  connector(db: Db, connectorId: string): Promise<ConnectorRuntime | null>;
  isExcluded(db: Db, connectorId: string, processCode: string): Promise<boolean>;
};

/** Looks everything up afresh: a job handled alone. */
const DIRECT_LOOKUPS: InboundLookups = {
  connector: unsafeLoadConnectorRuntime,
  isExcluded: isProcessExcluded,
};

/**
 * Turns the stored events of one instance into the source's current state (invariant 3): claim every open
 * event of the instance, fetch ONE authoritative snapshot, apply it, mark the events processed. Several
 * events arriving together cost one API call. Safe to run twice: a second run finds nothing open.
 */
export async function processInboundEvents(
  db: Db,
  input: ProcessInboundInput,
  options: { log: Logger; isFinalAttempt: boolean; lookups?: InboundLookups },
): Promise<ProcessInboundOutcome> {
  const lookups = options.lookups ?? DIRECT_LOOKUPS;
  const connector = await lookups.connector(db, input.connectorId);
  if (!connector) return 'nothing-to-do';
  // `processing` rows are claims of an attempt that crashed; they are taken over.
  const claimed = await db
    .update(inboundEvents)
    .set({ status: 'processing', attempts: sql`${inboundEvents.attempts} + 1` })
    .where(
      and(
        eq(inboundEvents.connectorId, input.connectorId),
        inArray(inboundEvents.status, ['received', 'failed', 'processing']),
        input.instanceExternalId
          ? eq(inboundEvents.instanceExternalId, input.instanceExternalId)
          : eq(inboundEvents.id, input.inboundEventId),
      ),
    )
    .returning({ id: inboundEvents.id, type: inboundEvents.type, payload: inboundEvents.payload });
  if (claimed.length === 0) return 'nothing-to-do';
  const ids = claimed.map((e) => e.id);
  const finish = (status: 'processed' | 'failed' | 'dead', note: string | null) =>
    db.transaction(async (tx) => {
      await tx
        .update(inboundEvents)
        .set({ status, lastError: note, ...(status === 'processed' ? { processedAt: new Date() } : {}) })
        .where(inArray(inboundEvents.id, ids));
      // Raw events go out to subscribers in the transaction that marks them processed: never before, never lost.
      if (status === 'processed') await distributeRawEvents(tx, input.connectorId, ids);
    });

  if (!input.instanceExternalId) {
    // Contact events name people, not an instance: the directory sync applies them (docs/identities.md).
    const adapter = getAdapter(connector.kind);
    const changes = claimed.map((e) => adapter.directoryChange?.(e.type, e.payload) ?? null);
    if (changes.length === 0 || changes.some((c) => c === null)) {
      await finish('dead', 'event names no instance');
      return 'failed';
    }
    try {
      await applyDirectoryChanges(db, connector, changes as DirectoryChange[], options.log);
      await finish('processed', null);
      return 'applied';
    } catch (error) {
      const { willRetry, reason } = classifyFailure(error, options);
      await finish(willRetry ? 'failed' : 'dead', reason.slice(0, 500));
      if (willRetry) throw error;
      return 'failed';
    }
  }
  const processCode = claimed
    .map((e) => (e.payload as { processCode?: unknown } | null)?.processCode)
    .find((c): c is string => typeof c === 'string' && c.length > 0);
  const included = (connector.config.processCodes as string[] | undefined) ?? [];
  if (
    processCode &&
    ((included.length > 0 && !included.includes(processCode)) ||
      (await lookups.isExcluded(db, connector.id, processCode)))
  ) {
    await finish('processed', `skipped: process code ${processCode} is not included`);
    return 'skipped';
  }

  try {
    const ctx = { db, connector, log: options.log };
    const adapter = getAdapter(connector.kind);
    // What the events themselves say (Yida pushes), applied oldest first, before the authoritative fetch.
    const fromEvents = adapter.snapshotsFromEvents
      ? await adapter.snapshotsFromEvents(
          ctx,
          input.instanceExternalId,
          claimed.map((e) => e.payload),
        )
      : { snapshots: [], fetch: true };
    for (const pushed of fromEvents.snapshots) {
      await applySnapshot(db, { connectorId: connector.id, source: connector.kind, snapshot: pushed });
    }
    const snapshot = fromEvents.fetch
      ? await adapter.fetchSnapshot(ctx, input.instanceExternalId, {
          // Events that do not name the process (a comment, an HTTP envelope) re-read with the one known.
          processCode: processCode ?? (await storedProcessCode(db, connector.id, input.instanceExternalId)),
          events: claimed.map((e) => e.payload),
        })
      : null;
    if (!snapshot) {
      const hasApplied = fromEvents.snapshots.length > 0;
      await finish('processed', hasApplied || !fromEvents.fetch ? null : 'instance not found at the source');
      return hasApplied ? 'applied' : 'not-found';
    }
    // The event may not name its process (Yida, HTTP envelopes): the mapping is checked on the snapshot too.
    if (snapshot.processCode && (await lookups.isExcluded(db, connector.id, snapshot.processCode))) {
      await finish('processed', `skipped: process code ${snapshot.processCode} is not included`);
      return 'skipped';
    }
    await applySnapshot(db, { connectorId: connector.id, source: connector.kind, snapshot });
    await finish('processed', null);
    return 'applied';
  } catch (error) {
    const { willRetry, reason } = classifyFailure(error, options);
    // Out of retries, or a refusal retrying cannot fix: dead, for an admin to replay.
    await finish(willRetry ? 'failed' : 'dead', reason.slice(0, 500));
    if (willRetry) throw error;
    return 'failed';
  }
}
