'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallbackRegistrationView } from '@/lib/connectors/dingtalk/callback-registration';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { CallbackRegistrationView };

const path = (connectorId: string) => `/api/admin/connectors/${connectorId}/dingtalk-callback`;

/** What DingTalk has registered as the app's HTTP callback, compared with Huiban's (admin; asks DingTalk). */
export function useDingTalkCallback(connectorId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.connectors.dingtalkCallback(connectorId),
    queryFn: () => apiFetch<CallbackRegistrationView>(path(connectorId)),
    enabled,
    // One DingTalk call per look; the admin refreshes on demand.
    staleTime: 60_000,
    retry: false,
  });
}

/** Register (POST), update (PUT) or delete (DELETE) the callback at DingTalk; the answer replaces the view. */
export function useChangeDingTalkCallback(connectorId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: 'register' | 'update' | 'delete') => {
      const method = action === 'register' ? 'POST' : action === 'update' ? 'PUT' : 'DELETE';
      return apiFetch<CallbackRegistrationView | { deleted: true }>(path(connectorId), { method });
    },
    onSuccess: (answer) => {
      const key = queryKeys.connectors.dingtalkCallback(connectorId);
      if ('expected' in answer) client.setQueryData(key, answer);
      else void client.invalidateQueries({ queryKey: key });
    },
  });
}
