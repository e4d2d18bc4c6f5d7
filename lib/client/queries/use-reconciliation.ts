'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AttachmentScrubView } from '@/lib/operations/list-attachment-scrubs';
import type { DriftDay, ReconcileRunView } from '@/lib/operations/list-reconciliation-runs';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { AttachmentScrubView, DriftDay, ReconcileRunView };

// Runs happen every 10 minutes and scrubs nightly: a minute's staleness is plenty.
const POLL_MS = 60_000;

export function useReconciliationRuns() {
  return useQuery({
    queryKey: queryKeys.operations.reconciliation,
    queryFn: () =>
      apiFetch<{ runs: ReconcileRunView[]; trend: DriftDay[] }>('/api/admin/health/reconciliation'),
    refetchInterval: POLL_MS,
  });
}

export function useAttachmentScrubs() {
  return useQuery({
    queryKey: queryKeys.operations.scrubs,
    queryFn: async () =>
      (await apiFetch<{ scrubs: AttachmentScrubView[] }>('/api/admin/health/scrubs')).scrubs,
    refetchInterval: POLL_MS,
  });
}

/** 立即对账: queues a run now; the report refreshes on its poll as the worker stores it. */
export function useRequestReconciliation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ queued: boolean }>('/api/admin/health/reconciliation', { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.operations.reconciliation }),
  });
}
