'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

/** One instance's detail; polls while a write-back is pending so its status turns 已同步 by itself. */
export function useInstance(instanceId: string) {
  return useQuery({
    queryKey: queryKeys.instances.detail(instanceId),
    queryFn: () => apiFetch<InstanceDetail>(`/api/instances/${instanceId}`),
    refetchInterval: (query) =>
      query.state.data?.myActions.some((a) => a.writeBackStatus === 'pending') ? 1500 : false,
  });
}

export type TaskActionBody =
  | { action: 'agree'; remark?: string }
  | { action: 'refuse'; remark: string }
  | { action: 'transfer'; targetUserId: string; remark?: string }
  | { action: 'comment'; remark: string };

/** Acts on a task (or revokes the instance) and refreshes the detail and every inbox list. */
export function useTaskAction(instanceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { taskId?: string; body: TaskActionBody | { action: 'revoke'; remark?: string } }) =>
      apiFetch<{ actionId: string }>(
        input.taskId ? `/api/tasks/${input.taskId}/actions` : `/api/instances/${instanceId}/actions`,
        { method: 'POST', json: input.body },
      ),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.instances.detail(instanceId) });
      await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
    },
  });
}

/** Colleagues for the transfer picker. */
export function useUserSearch(q: string) {
  return useQuery({
    queryKey: queryKeys.users.search(q),
    queryFn: () =>
      apiFetch<{ items: { id: string; name: string; department: string | null }[] }>(
        `/api/users?q=${encodeURIComponent(q)}`,
      ),
  });
}

/** Sends a failed action again (重试). */
export function useRetryAction(instanceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (actionId: string) =>
      apiFetch<{ actionId: string }>(`/api/task-actions/${actionId}/retry`, { method: 'POST' }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.instances.detail(instanceId) });
      await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
    },
  });
}
