'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UrgeStatus } from '@/lib/reminders/get-urge-status';
import type { UrgeAnswer } from '@/lib/reminders/urge-instance';
import { ApiError, apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { UrgeAnswer, UrgeStatus };

/** The 催办 state of a request: allowed, or when again, and what became of the last urge's notices. */
export function useUrgeStatus(instanceId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.instances.urge(instanceId),
    queryFn: () => apiFetch<UrgeStatus>(`/api/instances/${instanceId}/urge`),
    enabled,
    // While notices are being sent the page follows them.
    refetchInterval: (query) =>
      query.state.data?.last?.notices.some((n) => n.status === 'pending') ? 2_000 : false,
  });
}

/** 催办: urge the current approvers of a request. */
export function useUrge(instanceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<UrgeAnswer>(`/api/instances/${instanceId}/urge`, { method: 'POST' }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.instances.urge(instanceId) });
      await client.invalidateQueries({ queryKey: queryKeys.instances.detail(instanceId) });
      // 我发起的 carries each request's urge wait: a list read again (or from the cache) shows it.
      await client.invalidateQueries({ queryKey: queryKeys.tasks.allOf('initiated') });
    },
  });
}

/** When a refused urge (429) may be tried again, from the answer's issue; null for any other error. */
export function urgeRetryAt(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  const at = error.issues?.find((i) => i.code === 'urge_too_soon')?.params?.retryAt;
  return typeof at === 'string' ? at : null;
}
