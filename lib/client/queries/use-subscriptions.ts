'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateSubscriptionInput,
  DeliveryView,
  SubscriptionView,
  UpdateSubscriptionInput,
} from '@/lib/distribution/subscription-input';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { DeliveryView, SubscriptionView };

// Deliveries are written by the worker at any time: poll while the page is open.
const POLL_MS = 3_000;

export function useSubscriptions() {
  return useQuery({
    queryKey: queryKeys.subscriptions.all,
    queryFn: async () =>
      (await apiFetch<{ subscriptions: SubscriptionView[] }>('/api/admin/subscriptions')).subscriptions,
    refetchInterval: 10_000,
  });
}

export function useSubscription(subscriptionId: string, initial?: SubscriptionView) {
  return useQuery({
    queryKey: queryKeys.subscriptions.detail(subscriptionId),
    queryFn: () => apiFetch<SubscriptionView>(`/api/admin/subscriptions/${subscriptionId}`),
    initialData: initial,
    refetchInterval: POLL_MS,
  });
}

export function useDeliveries(
  subscriptionId: string,
  params: { status?: DeliveryView['status']; page: number; pageSize: number },
) {
  const search = new URLSearchParams({ page: String(params.page), pageSize: String(params.pageSize) });
  if (params.status) search.set('status', params.status);
  return useQuery({
    queryKey: queryKeys.subscriptions.deliveries(subscriptionId, params),
    queryFn: () =>
      apiFetch<{ items: DeliveryView[]; total: number }>(
        `/api/admin/subscriptions/${subscriptionId}/deliveries?${search}`,
      ),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
  });
}

function useRefresh() {
  const client = useQueryClient();
  return (subscription?: SubscriptionView) => {
    if (subscription) client.setQueryData(queryKeys.subscriptions.detail(subscription.id), subscription);
    void client.invalidateQueries({ queryKey: queryKeys.subscriptions.all });
  };
}

export function useCreateSubscription() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: CreateSubscriptionInput) =>
      apiFetch<{ subscription: SubscriptionView; secret: string | null }>('/api/admin/subscriptions', {
        method: 'POST',
        json: body,
      }),
    onSuccess: (created) => refresh(created.subscription),
  });
}

export function useUpdateSubscription(subscriptionId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: UpdateSubscriptionInput) =>
      apiFetch<SubscriptionView>(`/api/admin/subscriptions/${subscriptionId}`, {
        method: 'PATCH',
        json: body,
      }),
    onSuccess: refresh,
  });
}

export function useSetSubscriptionEnabled(subscriptionId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      apiFetch<SubscriptionView>(`/api/admin/subscriptions/${subscriptionId}/enabled`, {
        method: 'PUT',
        json: { enabled },
      }),
    onSuccess: refresh,
  });
}

export function useRotateSubscriptionSecret(subscriptionId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ secret: string }>(`/api/admin/subscriptions/${subscriptionId}/secret`, { method: 'POST' }),
    onSuccess: () => refresh(),
  });
}

export function useDeleteSubscription(subscriptionId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => apiFetch(`/api/admin/subscriptions/${subscriptionId}`, { method: 'DELETE' }),
    onSuccess: () => refresh(),
  });
}

export function useRedeliver(subscriptionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      apiFetch(`/api/admin/subscriptions/${subscriptionId}/deliveries/${deliveryId}/redeliver`, {
        method: 'POST',
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.subscriptions.detail(subscriptionId) }),
  });
}
