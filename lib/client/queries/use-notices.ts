'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiNoticesView, SaveApiNoticesInput } from '@/lib/connectors/api/admin-input';
import type { NoticeStats } from '@/lib/operations/get-notice-stats';
import type { NoticePreferences, NoticePreferencesInput } from '@/lib/people/notice-preferences';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { ApiNoticesView, NoticeStats };

/** The viewer's own choices about DingTalk work notices and the daily digest. */
export function useNoticePreferences(enabled = true) {
  return useQuery({
    queryKey: queryKeys.notices.preferences,
    queryFn: () => apiFetch<NoticePreferences>('/api/me/notices'),
    enabled,
  });
}

export function useSaveNoticePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NoticePreferencesInput) =>
      apiFetch<NoticePreferences>('/api/me/notices', { method: 'PUT', json: input }),
    onSuccess: (saved) => client.setQueryData(queryKeys.notices.preferences, saved),
  });
}

/** An open-API connector's DingTalk notice settings (admin). */
export function useSaveApiNotices(connectorId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveApiNoticesInput) =>
      apiFetch<ApiNoticesView>(`/api/admin/connectors/${connectorId}/notices`, {
        method: 'PUT',
        json: input,
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.connectors.apiAccess(connectorId) }),
  });
}

/** This month's work notices per source connector and quota use (health page). */
export function useNoticeStats() {
  return useQuery({
    queryKey: queryKeys.notices.stats,
    queryFn: () => apiFetch<NoticeStats>('/api/admin/health/notices'),
    refetchInterval: 15_000,
  });
}
