'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InsightFigure, InsightFigureData } from '@/lib/analytics/get-insight-figure';
import type { InsightGrantView } from '@/lib/analytics/grants/list-insight-grants';
import type { InsightFilters } from '@/lib/analytics/insight-filters';
import type { InsightRequestRow } from '@/lib/analytics/list-insight-requests';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { InsightFigure, InsightFigureData, InsightGrantView, InsightRequestRow };

/** The URL's filter values (strings; empty ones left out). */
export type InsightParams = Record<string, string>;

function toQuery(params: InsightParams): string {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  return q.toString();
}

/** One 分析 figure for the current filters; the previous answer stays on screen while a new one loads. */
export function useInsightFigure<F extends InsightFigure>(figure: F, params: InsightParams) {
  return useQuery({
    queryKey: queryKeys.insights.figure(figure, params),
    queryFn: () =>
      apiFetch<{ filters: InsightFilters; data: InsightFigureData<F> }>(
        `/api/insights/figures/${figure}?${toQuery(params)}`,
      ),
    placeholderData: keepPreviousData,
  });
}

/** The requests behind one number (drill-down); null params: nothing open. */
export function useInsightRequests(params: InsightParams | null) {
  return useQuery({
    queryKey: queryKeys.insights.requests(params ?? {}),
    queryFn: () =>
      apiFetch<{ rows: InsightRequestRow[]; total: number; page: number; pageSize: number }>(
        `/api/insights/requests?${toQuery(params ?? {})}`,
      ),
    enabled: params !== null,
    placeholderData: keepPreviousData,
  });
}

/** Admins: who was granted which department's figures. */
export function useInsightGrants(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.insights.grants,
    queryFn: () => apiFetch<{ grants: InsightGrantView[] }>('/api/admin/insight-grants'),
    enabled,
  });
}

export function useChangeInsightGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { userId: string; department: string; revoke?: boolean }) =>
      apiFetch<{ ok: true }>('/api/admin/insight-grants', {
        method: input.revoke ? 'DELETE' : 'POST',
        json: { userId: input.userId, department: input.department },
      }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.insights.grants }),
  });
}
