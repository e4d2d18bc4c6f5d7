'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SameApprovalRuleChoices,
  SameApprovalRuleInput,
  SameApprovalRuleView,
} from '@/lib/operations/same-approval-rules';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { SameApprovalRuleChoices, SameApprovalRuleInput, SameApprovalRuleView };

/** The "same approval" field rules, each with the pairs it linked (docs/same-approval.md). */
export function useSameApprovalRules() {
  return useQuery({
    queryKey: queryKeys.sameApprovalRules.all,
    queryFn: async () =>
      (await apiFetch<{ items: SameApprovalRuleView[] }>('/api/admin/same-approval-rules')).items,
  });
}

/** The rule form's connectors, processes and fields. */
export function useSameApprovalRuleChoices(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.sameApprovalRules.choices,
    queryFn: () => apiFetch<SameApprovalRuleChoices>('/api/admin/same-approval-rules/choices'),
    enabled,
  });
}

/** Creates a rule (no id) or saves an edited one. */
export function useSaveSameApprovalRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ruleId, input }: { ruleId: string | null; input: SameApprovalRuleInput }) =>
      ruleId
        ? apiFetch<SameApprovalRuleView>(`/api/admin/same-approval-rules/${ruleId}`, {
            method: 'PUT',
            json: input,
          })
        : apiFetch<SameApprovalRuleView>('/api/admin/same-approval-rules', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.sameApprovalRules.all }),
  });
}

export function useDeleteSameApprovalRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: string) =>
      apiFetch(`/api/admin/same-approval-rules/${ruleId}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.sameApprovalRules.all }),
  });
}
