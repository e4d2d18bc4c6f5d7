'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DingTalkConnectorOption,
  DingTalkTemplateForm,
  DingTalkTemplateOption,
} from '@/lib/connectors/dingtalk/dingtalk-templates';
import type { ApprovalCentreStatus } from '@/lib/connectors/local/workflows/approval-centre-status';
import type { StartableWorkflow, StartForm } from '@/lib/connectors/local/workflows/list-startable-workflows';
import type { WorkflowSummary } from '@/lib/connectors/local/workflows/list-workflows';
import type { SaveDingTalkTemplateResult } from '@/lib/connectors/local/workflows/save-dingtalk-template';
import type {
  CreateWorkflowInput,
  SaveWorkflowDraftInput,
} from '@/lib/connectors/local/workflows/workflow-input';
import type { WorkflowDetail } from '@/lib/connectors/local/workflows/workflow-view';
import { apiFetch } from '../api-client';
import { queryKeys } from '../query-keys';

export type {
  ApprovalCentreStatus,
  DingTalkConnectorOption,
  DingTalkTemplateForm,
  DingTalkTemplateOption,
  StartableWorkflow,
  StartForm,
  WorkflowDetail,
  WorkflowSummary,
};

/** Every definition (designer list, admins). */
export function useWorkflows() {
  return useQuery({
    queryKey: queryKeys.workflows.all,
    queryFn: async () => (await apiFetch<{ items: WorkflowSummary[] }>('/api/admin/workflows')).items,
  });
}

/** One definition with draft and versions (designer). */
export function useWorkflow(definitionId: string) {
  return useQuery({
    queryKey: queryKeys.workflows.detail(definitionId),
    queryFn: () => apiFetch<WorkflowDetail>(`/api/admin/workflows/${definitionId}`),
  });
}

function useStoreWorkflow() {
  const client = useQueryClient();
  return (detail: WorkflowDetail) => {
    client.setQueryData(queryKeys.workflows.detail(detail.id), detail);
    void client.invalidateQueries({ queryKey: queryKeys.workflows.all, exact: true });
    void client.invalidateQueries({ queryKey: queryKeys.workflows.startable });
  };
}

export function useCreateWorkflow() {
  const store = useStoreWorkflow();
  return useMutation({
    mutationFn: (input: CreateWorkflowInput) =>
      apiFetch<WorkflowDetail>('/api/admin/workflows', { method: 'POST', json: input }),
    onSuccess: store,
  });
}

export function useSaveWorkflowDraft(definitionId: string) {
  const store = useStoreWorkflow();
  return useMutation({
    mutationFn: (input: SaveWorkflowDraftInput) =>
      apiFetch<WorkflowDetail>(`/api/admin/workflows/${definitionId}`, { method: 'PUT', json: input }),
    onSuccess: store,
  });
}

export function usePublishWorkflow(definitionId: string) {
  const store = useStoreWorkflow();
  return useMutation({
    mutationFn: () =>
      apiFetch<WorkflowDetail>(`/api/admin/workflows/${definitionId}/publish`, { method: 'POST' }),
    onSuccess: store,
  });
}

/** Creates or updates the DingTalk approval template of the saved form (`POST …/dingtalk-template`). */
export function useSaveDingTalkTemplate(definitionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (connectorId: string) =>
      apiFetch<SaveDingTalkTemplateResult>(`/api/admin/workflows/${definitionId}/dingtalk-template`, {
        method: 'POST',
        json: { connectorId },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.workflows.detail(definitionId) }),
  });
}

export function useSetWorkflowEnabled(definitionId: string) {
  const store = useStoreWorkflow();
  return useMutation({
    mutationFn: (enabled: boolean) =>
      apiFetch<WorkflowDetail>(`/api/admin/workflows/${definitionId}/enabled`, {
        method: 'PUT',
        json: { enabled },
      }),
    onSuccess: store,
  });
}

/** Definitions the viewer may start (发起申请). */
export function useStartableWorkflows() {
  return useQuery({
    queryKey: queryKeys.workflows.startable,
    queryFn: async () => (await apiFetch<{ items: StartableWorkflow[] }>('/api/workflows')).items,
  });
}

/** The published form of one definition, for its start page. */
export function useStartForm(definitionId: string) {
  return useQuery({
    queryKey: queryKeys.workflows.startForm(definitionId),
    queryFn: () => apiFetch<StartForm>(`/api/workflows/${definitionId}`),
    retry: false,
  });
}

/** Starts an instance (`POST /api/workflows/{id}/instances`, the engine's route) → its id. `dingtalkDeptId`: the department chosen when the form asked. */
export function useStartInstance(definitionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { values: Record<string, unknown>; dingtalkDeptId?: string }) =>
      apiFetch<{ instanceId: string }>(`/api/workflows/${definitionId}/instances`, {
        method: 'POST',
        json: input,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tasks.all }),
  });
}

export function useDingTalkConnectorOptions() {
  return useQuery({
    queryKey: queryKeys.workflows.dingtalkConnectors,
    queryFn: async () =>
      (await apiFetch<{ items: DingTalkConnectorOption[] }>('/api/admin/dingtalk-connectors')).items,
  });
}

export function useDingTalkTemplates(connectorId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.workflows.dingtalkTemplates(connectorId ?? ''),
    queryFn: async () =>
      (
        await apiFetch<{ items: DingTalkTemplateOption[] }>(
          `/api/admin/dingtalk-connectors/${connectorId}/templates`,
        )
      ).items,
    enabled: Boolean(connectorId),
  });
}

export function useDingTalkTemplateForm(connectorId: string | undefined, processCode: string | undefined) {
  return useQuery({
    queryKey: queryKeys.workflows.dingtalkTemplateForm(connectorId ?? '', processCode ?? ''),
    queryFn: () =>
      apiFetch<DingTalkTemplateForm>(
        `/api/admin/dingtalk-connectors/${connectorId}/templates/${encodeURIComponent(processCode ?? '')}`,
      ),
    enabled: Boolean(connectorId && processCode),
    retry: false,
  });
}

/** A connect-platform action as the designer needs it: ids, names and its input JSON schema. */
export type ConnectActionOption = {
  integrationConnectorId: string;
  connectorName?: string;
  actionId: string;
  name: string;
  description?: string;
  inputSchema?: JsonSchema;
};
export type JsonSchema = {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
};

/** Connect-platform actions of a DingTalk connector (`GET /api/admin/connect-actions`, the engine's route). */
export function useConnectActions(connectorId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.workflows.connectActions(connectorId ?? ''),
    queryFn: async () =>
      (
        await apiFetch<{ items: ConnectActionOption[] }>(
          `/api/admin/connect-actions?connectorId=${encodeURIComponent(connectorId ?? '')}`,
        )
      ).items,
    enabled: Boolean(connectorId),
    retry: false,
  });
}

/** Names of users chosen earlier (pickers). */
export function useUsersByIds(ids: string[]) {
  return useQuery({
    queryKey: queryKeys.usersByIds(ids),
    queryFn: async () =>
      (
        await apiFetch<{ items: { id: string; name: string; department: string | null }[] }>(
          `/api/users?ids=${ids.join(',')}`,
        )
      ).items,
    enabled: ids.length > 0,
    staleTime: 60_000,
  });
}

/** The workflow's DingTalk approval-centre template and latest failed calls (its 选项 tab). */
export function useApprovalCentreStatus(definitionId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.workflows.approvalCentre(definitionId),
    queryFn: () => apiFetch<ApprovalCentreStatus>(`/api/admin/workflows/${definitionId}/approval-centre`),
    enabled,
  });
}
