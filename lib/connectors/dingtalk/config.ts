import { z } from 'zod';
import { rawEnv } from '@/lib/env';
import type { ConnectorRuntime } from '../types';

/** Non-secret settings of a DingTalk connector (stored in connectors.config). */
export const dingtalkConfigSchema = z.object({
  /** The app's Client ID (AppKey); also the "owner key" of the HTTP callback crypto (§3). */
  clientId: z.string().min(1),
  agentId: z.number().int().optional(),
  deliveryMode: z.enum(['stream', 'http']).default('stream'),
  /** Process codes to include; empty = all. */
  processCodes: z.array(z.string()).default([]),
  /** Stream topics the worker subscribes to (EVENT frames are filtered by eventType; contact events always kept). */
  eventTypes: z
    .array(z.string())
    .default([
      'bpms_task_change',
      'bpms_instance_change',
      'user_add_org',
      'user_modify_org',
      'user_leave_org',
    ]),
  /** Hosts (invariant 7); unset = the process-wide DINGTALK_API_BASE / DINGTALK_OAPI_BASE. */
  apiBase: z.url().optional(),
  oapiBase: z.url().optional(),
  /**
   * HTTP callbacks whose signed `timestamp` (seconds or ms) is further than this from now are refused (401):
   * the signature has no nonce store, so the window bounds replays. DingTalk signs every (re)delivery afresh.
   * 0 = no window.
   */
  callbackWindowSeconds: z.number().int().nonnegative().default(3600),
  /** Per app × per API QPS to stay under (standard edition: 20). */
  qpsLimit: z.number().int().positive().default(20),
  /** API calls per month the org's edition allows (standard edition: 5 000, §12); for the sync-health page. */
  monthlyApiQuota: z.number().int().positive().optional(),
  /**
   * Local workflows' DingTalk-approval steps upload attachments into the approval space and send them as
   * DDAttachment files (dingtalk-wave2-apis.md §3, documented as partial). False: the file names go as text.
   */
  approvalUploads: z.boolean().default(true),
  /**
   * The corp has DingTalk OA高级版 (OA premium): 加签 and 退回 are sent through `workflow/premium/tasks/append` and
   * `/revert` (dingtalk-wave2-apis.md §5.5–§5.6). Availability per corp is UNCONFIRMED, so it is an admin setting,
   * off by default; off, the page sends people to DingTalk for these actions.
   */
  oaPremium: z.boolean().default(false),
  /** Deep-link templates; `{corpId}`, `{instanceId}`, `{taskId}` are replaced. Unset = the links DingTalk gives. */
  pcLinkTemplate: z.string().optional(),
  mobileLinkTemplate: z.string().optional(),
});
export type DingTalkConfig = z.output<typeof dingtalkConfigSchema>;

export const dingtalkSecretsSchema = z.object({
  clientSecret: z.string().min(1),
  /** HTTP callback mode only. */
  aesKey: z.string().length(43).optional(),
  callbackToken: z.string().optional(),
});
export type DingTalkSecrets = z.output<typeof dingtalkSecretsSchema>;

export type DingTalkSettings = DingTalkConfig &
  DingTalkSecrets & {
    corpId: string | null;
    apiBase: string;
    oapiBase: string;
    /** Huiban's connector, for metering calls against the monthly quota. */
    connectorId?: string;
  };

/** A DingTalk connector's settings, with the host defaults filled in from the environment. */
export function dingtalkSettings(connector: ConnectorRuntime): DingTalkSettings {
  const config = dingtalkConfigSchema.parse(connector.config);
  const secrets = dingtalkSecretsSchema.parse(connector.secrets);
  return {
    ...config,
    ...secrets,
    corpId: connector.corpId,
    connectorId: connector.id,
    apiBase: (config.apiBase ?? rawEnv().DINGTALK_API_BASE ?? 'https://api.dingtalk.com').replace(/\/$/, ''),
    oapiBase: (config.oapiBase ?? rawEnv().DINGTALK_OAPI_BASE ?? 'https://oapi.dingtalk.com').replace(
      /\/$/,
      '',
    ),
  };
}
