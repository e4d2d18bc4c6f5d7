'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InboxCounts } from '@/lib/tasks/inbox/count-inbox';
import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';
import type { InboxPage } from '@/lib/tasks/inbox/list-inbox';
import type { SavedViewDto } from '@/lib/tasks/saved-views';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';
import { useLiveTasks } from './use-live-tasks';

export type InboxAnswer = InboxPage & { counts: InboxCounts; asOf: string };

/** Lists and badges follow the live stream (use-live-tasks.ts); they poll this often only while it is down. */
const FALLBACK_POLL_MS = 5_000;

/** One page of an inbox view with the URL's filters (`params` as the URL carries them); pushed, else polled. */
export function useInbox(view: InboxView, params: Record<string, string>) {
  const isLive = useLiveTasks();
  return useQuery({
    queryKey: queryKeys.tasks.list(view, params),
    queryFn: () => apiFetch<InboxAnswer>(`/api/tasks?${new URLSearchParams({ ...params, view })}`),
    refetchInterval: isLive ? false : FALLBACK_POLL_MS,
    placeholderData: keepPreviousData,
  });
}

/** Badge counts for the side menu. */
export function useInboxCounts() {
  const isLive = useLiveTasks();
  return useQuery({
    queryKey: queryKeys.tasks.counts,
    queryFn: () => apiFetch<InboxCounts>('/api/tasks/counts'),
    refetchInterval: isLive ? false : FALLBACK_POLL_MS,
  });
}

/** The viewer's own processes and connectors, for the filter bar. */
export function useInboxFacets() {
  return useQuery({
    queryKey: queryKeys.tasks.facets,
    queryFn: () =>
      apiFetch<{ processes: string[]; connectors: { id: string; name: string; kind: string }[] }>(
        '/api/tasks/facets',
      ),
    staleTime: 60_000,
  });
}

/** Marks cc items read (opening one, or the list's "mark read"). */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (taskIds: string[]) =>
      apiFetch<{ marked: number }>('/api/tasks/read', { method: 'POST', json: { taskIds } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tasks.all }),
  });
}

export function useSavedViews() {
  return useQuery({
    queryKey: queryKeys.savedViews,
    queryFn: () => apiFetch<SavedViewDto[]>('/api/me/views'),
  });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      name: string;
      view: InboxView;
      filters: Record<string, string>;
      sort?: string | null;
      isDefault: boolean;
    }) => apiFetch<SavedViewDto>('/api/me/views', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.savedViews }),
  });
}

export function useUpdateView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; isDefault?: boolean; name?: string }) =>
      apiFetch<SavedViewDto>(`/api/me/views/${id}`, { method: 'PATCH', json: patch }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.savedViews }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/me/views/${id}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.savedViews }),
  });
}
