'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { InstanceDetail } from '@/lib/tasks/instance-queries';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

/** While something is in flight (a write-back, an attachment copy): fast at first, slower if it lingers. */
export const INSTANCE_REFRESH = {
  busyMs: 1_500,
  lingeringMs: 5_000,
  calmMs: 20_000,
  /** In flight longer than this (a copy that failed for good looks the same): refresh at lingeringMs. */
  busyForMs: 60_000,
  /** …and longer than this: calmMs, like a page with nothing in flight. */
  lingeringForMs: 5 * 60_000,
} as const;

/**
 * What the page is still waiting for: pending write-backs and attachments not copied yet (form or log step). ''
 * when nothing; the same text while the same things are in flight, so a new one restarts the fast refresh.
 */
export function inFlightKey(data: InstanceDetail | undefined): string {
  if (!data) return '';
  const actions = data.myActions.filter((a) => a.writeBackStatus === 'pending').map((a) => `a:${a.id}`);
  const files = [...data.attachments, ...data.logs.flatMap((l) => l.attachments)]
    .filter((f) => !f.isAvailable)
    .map((f) => `f:${f.id}`);
  return [...actions, ...files].join(',');
}

/** The refresh interval for an instance page that has been waiting on the same things for `inFlightForMs`. */
export function instanceRefreshInterval(
  data: InstanceDetail | undefined,
  inFlightForMs: number,
): number | false {
  if (!data) return false;
  if (!inFlightKey(data)) return INSTANCE_REFRESH.calmMs;
  if (inFlightForMs < INSTANCE_REFRESH.busyForMs) return INSTANCE_REFRESH.busyMs;
  if (inFlightForMs < INSTANCE_REFRESH.lingeringForMs) return INSTANCE_REFRESH.lingeringMs;
  return INSTANCE_REFRESH.calmMs;
}

/**
 * One instance's detail. Refreshes itself while the window is visible: quickly while a write-back is pending (its
 * status turns 已同步 by itself) or an attachment is still being copied (its 预览 appears), otherwise calmly so
 * new log steps from the source (a comment, the next approver) show up without a reload.
 */
export function useInstance(instanceId: string) {
  const waiting = useRef<{ key: string; since: number }>({ key: '', since: 0 });
  return useQuery({
    queryKey: queryKeys.instances.detail(instanceId),
    queryFn: () => apiFetch<InstanceDetail>(`/api/instances/${instanceId}`),
    refetchInterval: (query) => {
      const key = inFlightKey(query.state.data);
      const now = Date.now();
      if (key !== waiting.current.key) waiting.current = { key, since: now };
      return instanceRefreshInterval(query.state.data, now - waiting.current.since);
    },
    refetchIntervalInBackground: false,
  });
}

export type TaskActionBody =
  | { action: 'agree'; remark?: string }
  | { action: 'refuse'; remark: string }
  | { action: 'transfer'; targetUserId: string; remark?: string }
  | { action: 'comment'; remark: string; mentionUserIds?: string[]; uploadIds?: string[] };

/** Acts on a task (or revokes the instance) and refreshes the detail and every inbox list. */
export function useTaskAction(instanceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { taskId?: string; body: TaskActionBody | { action: 'revoke'; remark?: string } }) =>
      apiFetch<{ actionId: string; transferredToDelegate?: boolean }>(
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
