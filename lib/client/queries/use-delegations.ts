'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DelegationPolicy } from '@/lib/delegation/delegation-input';
import type { DelegableProcess } from '@/lib/delegation/list-delegable-processes';
import type { DelegationPolicyView } from '@/lib/delegation/list-delegation-policies-as-admin';
import type { DelegationView } from '@/lib/delegation/list-delegations';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { DelegableProcess, DelegationPolicyView, DelegationView };

export type DelegationBody = {
  principalUserId?: string;
  delegateUserId: string;
  startsAt: string;
  endsAt: string;
  processes: { connectorId: string; processCode: string }[] | null;
  note?: string;
};

const base = (asAdmin: boolean) => (asAdmin ? '/api/admin/delegations' : '/api/me/delegations');

/** The viewer's delegations, or (asAdmin) everyone's. */
export function useDelegations(asAdmin: boolean) {
  return useQuery({
    queryKey: asAdmin ? queryKeys.delegations.admin : queryKeys.delegations.mine,
    queryFn: () => apiFetch<{ items: DelegationView[] }>(base(asAdmin)),
  });
}

export function useCreateDelegation(asAdmin: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DelegationBody) =>
      apiFetch<{ id: string }>(base(asAdmin), { method: 'POST', json: body }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.delegations.all }),
  });
}

export function useCancelDelegation(asAdmin: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`${base(asAdmin)}/${id}`, { method: 'DELETE' }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.delegations.all });
      await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
    },
  });
}

/** Processes a delegation can be limited to. */
export function useDelegableProcesses() {
  return useQuery({
    queryKey: queryKeys.delegations.processes,
    queryFn: () => apiFetch<{ items: DelegableProcess[] }>('/api/me/delegations/processes'),
  });
}

/** Each connector's delegation policy (admin). */
export function useDelegationPolicies() {
  return useQuery({
    queryKey: queryKeys.delegations.policies,
    queryFn: () => apiFetch<{ items: DelegationPolicyView[] }>('/api/admin/delegations/policies'),
  });
}

export function useSetDelegationPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { connectorId: string; policy: DelegationPolicy }) =>
      apiFetch('/api/admin/delegations/policies', { method: 'PUT', json: body }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.delegations.policies }),
  });
}
