'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BulkMatchCandidate, BulkMatchField } from '@/lib/people/bulk-match-identities';
import type { HandoverTask } from '@/lib/people/list-handover-tasks';
import type { UnmappedIdentity } from '@/lib/people/list-unmapped-identities';
import type { DirectorySyncView } from '@/lib/people/request-directory-sync';
import type { DirectoryUserRow } from '@/lib/people/search-directory-users';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type {
  BulkMatchCandidate,
  BulkMatchField,
  DirectorySyncView,
  DirectoryUserRow,
  HandoverTask,
  UnmappedIdentity,
};

/** Huiban users with their identities (身份映射 → 用户). */
export function useDirectoryUsers(q: string) {
  return useQuery({
    queryKey: queryKeys.identities.users(q),
    queryFn: async () =>
      (await apiFetch<{ items: DirectoryUserRow[] }>(`/api/admin/identities?q=${encodeURIComponent(q)}`))
        .items,
  });
}

export function useUnmappedIdentities() {
  return useQuery({
    queryKey: queryKeys.identities.unmapped,
    queryFn: async () =>
      (await apiFetch<{ items: UnmappedIdentity[] }>('/api/admin/identities/unmapped')).items,
  });
}

export function useHandoverTasks() {
  return useQuery({
    queryKey: queryKeys.identities.handover,
    queryFn: async () => (await apiFetch<{ items: HandoverTask[] }>('/api/admin/identities/handover')).items,
  });
}

/** Latest directory sync per DingTalk connector; polled while one is running. */
export function useDirectorySyncs(isWaiting: boolean) {
  return useQuery({
    queryKey: queryKeys.identities.directorySyncs,
    queryFn: async () => (await apiFetch<{ items: DirectorySyncView[] }>('/api/admin/directory-sync')).items,
    refetchInterval: isWaiting ? 1500 : false,
  });
}

function useInvalidateIdentities() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.identities.all });
}

export function useLinkIdentity() {
  const invalidate = useInvalidateIdentities();
  return useMutation({
    mutationFn: (input: { identityId: string; userId: string }) =>
      apiFetch<{ tasks: number }>(`/api/admin/identities/${input.identityId}/link`, {
        method: 'PUT',
        json: { userId: input.userId },
      }),
    onSuccess: invalidate,
  });
}

export function useUnlinkIdentity() {
  const invalidate = useInvalidateIdentities();
  return useMutation({
    mutationFn: (identityId: string) =>
      apiFetch<{ tasks: number }>(`/api/admin/identities/${identityId}/link`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useBulkMatchPreview() {
  return useMutation({
    mutationFn: async (field: BulkMatchField) =>
      (
        await apiFetch<{ preview: BulkMatchCandidate[] }>('/api/admin/identities/bulk-match', {
          method: 'POST',
          json: { field, apply: false },
        })
      ).preview,
  });
}

export function useBulkMatch() {
  const invalidate = useInvalidateIdentities();
  return useMutation({
    mutationFn: async (field: BulkMatchField) =>
      (
        await apiFetch<{ result: { linked: number; tasks: number } }>('/api/admin/identities/bulk-match', {
          method: 'POST',
          json: { field, apply: true },
        })
      ).result,
    onSuccess: invalidate,
  });
}

export function useRequestDirectorySync() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (connectorId: string) =>
      apiFetch<{ queued: boolean }>('/api/admin/directory-sync', { method: 'POST', json: { connectorId } }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.identities.directorySyncs }),
  });
}
