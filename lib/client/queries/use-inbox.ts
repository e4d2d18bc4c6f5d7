'use client';

import { useQuery } from '@tanstack/react-query';
import type { InboxPage, InboxView } from '@/lib/tasks/inbox-queries';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type InboxAnswer = InboxPage & { counts: { pending: number; ccUnread: number } };

/** One page of an inbox view; polls so new tasks appear without a reload. */
export function useInbox(view: InboxView, cursor?: string) {
  return useQuery({
    queryKey: queryKeys.tasks.list(view, { cursor: cursor ?? null }),
    queryFn: () =>
      apiFetch<InboxAnswer>(`/api/tasks?${new URLSearchParams({ view, ...(cursor ? { cursor } : {}) })}`),
    // New tasks arrive from the worker at any time: a short poll keeps the list and badges live.
    refetchInterval: 10_000,
  });
}
