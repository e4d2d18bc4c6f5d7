'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperationView } from '@/lib/operations/admin-operations';
import type { ConnectorSyncHealth, SeriesBucket } from '@/lib/operations/get-sync-health';
import type { AuditRow } from '@/lib/operations/search-audit-log';
import type { EventDetail, EventRow } from '@/lib/operations/search-inbound-events';
import type { AdminTaskRow } from '@/lib/tasks/list-tasks-as-admin';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type {
  AdminTaskRow,
  AuditRow,
  ConnectorSyncHealth,
  EventDetail,
  EventRow,
  OperationView,
  SeriesBucket,
};

/** Query string of the defined, non-empty values. */
export function toQuery(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Figures move with every event: refresh while the page is open.
const HEALTH_POLL_MS = 15_000;

export function useSyncHealth() {
  return useQuery({
    queryKey: queryKeys.operations.syncHealth,
    queryFn: async () =>
      (await apiFetch<{ connectors: ConnectorSyncHealth[] }>('/api/admin/health')).connectors,
    refetchInterval: HEALTH_POLL_MS,
  });
}

export function useEventSeries(connectorId: string, range: '1h' | '24h') {
  return useQuery({
    queryKey: queryKeys.operations.series(connectorId, range),
    queryFn: async () =>
      (await apiFetch<{ buckets: SeriesBucket[] }>(`/api/admin/health/${connectorId}/series?range=${range}`))
        .buckets,
    refetchInterval: HEALTH_POLL_MS,
  });
}

export function useInboundEvents(params: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.operations.events(params),
    queryFn: () =>
      apiFetch<{ items: EventRow[]; total: number; types: string[] }>(`/api/admin/events${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useInboundEvent(eventId: string | null) {
  return useQuery({
    queryKey: queryKeys.operations.event(eventId ?? ''),
    queryFn: () => apiFetch<EventDetail>(`/api/admin/events/${eventId}`),
    enabled: !!eventId,
  });
}

export function useOperations(kind?: 'replay' | 'resync') {
  return useQuery({
    queryKey: queryKeys.operations.list(kind),
    queryFn: async () =>
      (await apiFetch<{ operations: OperationView[] }>(`/api/admin/operations${toQuery({ kind })}`))
        .operations,
  });
}

/** One operation, polled every second until it ends (the progress bar). */
export function useOperation(operationId: string | null) {
  return useQuery({
    queryKey: queryKeys.operations.detail(operationId ?? ''),
    queryFn: () => apiFetch<OperationView>(`/api/admin/operations/${operationId}`),
    enabled: !!operationId,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 1000;
    },
  });
}

export function useStartOperation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { kind: 'replay' | 'resync'; params: Record<string, unknown> }) =>
      apiFetch<OperationView>('/api/admin/operations', { method: 'POST', json: body }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.operations.allOperations }),
  });
}

export function useAdminTasks(params: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.operations.tasks(params),
    queryFn: () => apiFetch<{ items: AdminTaskRow[]; total: number }>(`/api/admin/tasks${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useForceReassign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { taskId: string; targetUserId: string; reason: string }) =>
      apiFetch<{ actionId: string }>(`/api/admin/tasks/${input.taskId}/reassign`, {
        method: 'POST',
        json: { targetUserId: input.targetUserId, reason: input.reason },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.operations.allTasks }),
  });
}

/** An admin cancels a running local-workflow instance (POST /api/admin/local-instances/{id}/cancel). */
export function useCancelLocalInstance() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { instanceId: string; reason: string }) =>
      apiFetch<unknown>(`/api/admin/local-instances/${input.instanceId}/cancel`, {
        method: 'POST',
        json: { reason: input.reason },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.operations.allTasks }),
  });
}

export function useAuditLog(params: Record<string, unknown>) {
  return useQuery({
    queryKey: queryKeys.operations.audit(params),
    queryFn: () => apiFetch<{ items: AuditRow[]; total: number }>(`/api/admin/audit${toQuery(params)}`),
    placeholderData: keepPreviousData,
  });
}
