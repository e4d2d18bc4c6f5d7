'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormSchema } from '@/lib/connectors/local/definition-schema';
import type { GetMoreActionsResult, MoreActionBody } from '@/lib/tasks/actions/more-action-types';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

/** 加签 / 退回 / 撤回 / 再次提交 the viewer may do on an instance; `version` changes when the instance does. */
export function useMoreActions(instanceId: string, version: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.instances.moreActions(instanceId, version),
    queryFn: () => apiFetch<GetMoreActionsResult>(`/api/instances/${instanceId}/more-actions`),
    enabled,
  });
}

/** 加签 / 退回 / 撤回 on one's task. */
export function useMoreAction(instanceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { taskId: string; body: MoreActionBody }) =>
      apiFetch<{ actionId: string }>(`/api/tasks/${input.taskId}/more-actions`, {
        method: 'POST',
        json: input.body,
      }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.instances.detail(instanceId) });
      await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
    },
  });
}

/** The returned request's form and values, for 再次提交. */
export function useResubmitForm(instanceId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.instances.resubmitForm(instanceId),
    queryFn: () =>
      apiFetch<{ definitionName: string; form: FormSchema; values: Record<string, unknown> }>(
        `/api/instances/${instanceId}/resubmit`,
      ),
    enabled,
  });
}

export function useResubmit(instanceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { values: Record<string, unknown>; remark?: string }) =>
      apiFetch<{ instanceId: string }>(`/api/instances/${instanceId}/resubmit`, {
        method: 'POST',
        json: input,
      }),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: queryKeys.instances.detail(instanceId) });
      await client.invalidateQueries({ queryKey: queryKeys.tasks.all });
    },
  });
}
