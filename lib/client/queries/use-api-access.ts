'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApiAccessView,
  ApiKeyView,
  CallbackDeliveryView,
  SaveApiCallbackInput,
} from '@/lib/connectors/api/admin-input';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { ApiAccessView, ApiKeyView, CallbackDeliveryView };

/** An open-API connector's keys and callback settings (admin); never a key or secret value. */
export function useApiAccess(connectorId: string) {
  return useQuery({
    queryKey: queryKeys.connectors.apiAccess(connectorId),
    queryFn: () => apiFetch<ApiAccessView>(`/api/admin/connectors/${connectorId}/api-keys`),
    // Last-used times and the delivery log change while the page is open.
    refetchInterval: 10_000,
  });
}

function useInvalidateAccess(connectorId: string) {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: queryKeys.connectors.apiAccess(connectorId) });
}

/** Creates a key; the answer's `key` is the only time the full key is seen. */
export function useCreateApiKey(connectorId: string) {
  const invalidate = useInvalidateAccess(connectorId);
  return useMutation({
    mutationFn: (name: string) =>
      apiFetch<ApiKeyView & { key: string }>(`/api/admin/connectors/${connectorId}/api-keys`, {
        method: 'POST',
        json: { name },
      }),
    onSuccess: invalidate,
  });
}

export function useRevokeApiKey(connectorId: string) {
  const invalidate = useInvalidateAccess(connectorId);
  return useMutation({
    mutationFn: (keyId: string) =>
      apiFetch(`/api/admin/connectors/${connectorId}/api-keys/${keyId}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** Saves the callback URL; a new signing secret (first time or rotated) comes back once as `secret`. */
export function useSaveApiCallback(connectorId: string) {
  const invalidate = useInvalidateAccess(connectorId);
  return useMutation({
    mutationFn: (body: SaveApiCallbackInput) =>
      apiFetch<{ callbackUrl: string | null; secret?: string }>(
        `/api/admin/connectors/${connectorId}/callback`,
        {
          method: 'PUT',
          json: body,
        },
      ),
    onSuccess: invalidate,
  });
}
