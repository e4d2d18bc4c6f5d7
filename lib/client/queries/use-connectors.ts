'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConnectorDetail } from '@/lib/connectors/admin/connector-view';
import type { ConnectorTestResult } from '@/lib/connectors/descriptor';
import type {
  CreateDingTalkConnectorInput,
  UpdateDingTalkConnectorInput,
} from '@/lib/connectors/dingtalk/admin-input';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type { ConnectorDetail, ConnectorTestResult };

// Health (stream state) is written by the worker at any time: poll while an admin page is open.
const HEALTH_POLL_MS = 10_000;

/** Every connector (admin). */
export function useConnectors(initial?: ConnectorDetail[]) {
  return useQuery({
    queryKey: queryKeys.connectors.all,
    queryFn: async () =>
      (await apiFetch<{ connectors: ConnectorDetail[] }>('/api/admin/connectors')).connectors,
    initialData: initial,
    refetchInterval: HEALTH_POLL_MS,
  });
}

/** One connector (admin); secrets only as "is set" flags. */
export function useConnector(connectorId: string, initial?: ConnectorDetail) {
  return useQuery({
    queryKey: queryKeys.connectors.detail(connectorId),
    queryFn: () => apiFetch<ConnectorDetail>(`/api/admin/connectors/${connectorId}`),
    initialData: initial,
    refetchInterval: HEALTH_POLL_MS,
  });
}

function useStoreConnector() {
  const client = useQueryClient();
  return (connector: ConnectorDetail) => {
    client.setQueryData(queryKeys.connectors.detail(connector.id), connector);
    void client.invalidateQueries({ queryKey: queryKeys.connectors.all, exact: true });
  };
}

export function useCreateConnector() {
  const store = useStoreConnector();
  return useMutation({
    mutationFn: (body: CreateDingTalkConnectorInput | Record<string, unknown>) =>
      apiFetch<ConnectorDetail>('/api/admin/connectors', { method: 'POST', json: body }),
    onSuccess: store,
  });
}

export function useUpdateConnector(connectorId: string) {
  const store = useStoreConnector();
  return useMutation({
    mutationFn: (body: UpdateDingTalkConnectorInput | Record<string, unknown>) =>
      apiFetch<ConnectorDetail>(`/api/admin/connectors/${connectorId}`, { method: 'PATCH', json: body }),
    onSuccess: store,
  });
}

export function useSetConnectorEnabled(connectorId: string) {
  const store = useStoreConnector();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      apiFetch<ConnectorDetail>(`/api/admin/connectors/${connectorId}/enabled`, {
        method: 'PUT',
        json: { enabled },
      }),
    onSuccess: store,
  });
}

export function useTestConnector(connectorId: string) {
  return useMutation({
    mutationFn: () =>
      apiFetch<ConnectorTestResult>(`/api/admin/connectors/${connectorId}/test`, { method: 'POST' }),
  });
}
