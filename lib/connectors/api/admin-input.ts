import { z } from 'zod';

/** Body of "create an open-API connector" (kind `api`). */
export const createApiConnectorSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  callbackUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});
export type CreateApiConnectorInput = z.input<typeof createApiConnectorSchema>;

/** Body of "create an API key". */
export const createApiKeySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;

/** Body of "set the callback": a URL (null clears it); `rotateSecret` issues a new signing secret. */
export const saveApiCallbackSchema = z.strictObject({
  callbackUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
  rotateSecret: z.boolean().default(false),
});
export type SaveApiCallbackInput = z.input<typeof saveApiCallbackSchema>;

/**
 * Body of "DingTalk notices" (docs/open-api.md § Notices in DingTalk): which DingTalk connector announces this
 * connector's tasks by work notice, and where its approval tasks appear in DingTalk: in the approval centre
 * (`approvalCentre`, §5.10: the instance in 审批, one task per approver in 待办 › OA审批) or mirrored as 待办
 * (`mirrorTodo`). Never both for one task: the approval centre wins when both are set.
 */
export const saveApiNoticesSchema = z.strictObject({
  dingtalkConnectorId: z.uuid().nullable(),
  announce: z.boolean(),
  mirrorTodo: z.boolean().default(false),
  approvalCentre: z.boolean().default(false),
});
export type SaveApiNoticesInput = z.input<typeof saveApiNoticesSchema>;
export type ApiNoticesView = z.output<typeof saveApiNoticesSchema>;

/** An API key as admins see it: never the key or its hash, only the shown prefix. */
export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** One callback delivery (one Huiban action), as the delivery log shows it. */
export type CallbackDeliveryView = {
  id: string;
  deliveryId: string;
  action: string;
  instanceExternalId: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed' | 'dead';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  updatedAt: string;
};

/** The API-access section of an `api` connector's page. */
export type ApiAccessView = {
  keys: ApiKeyView[];
  callback: { url: string | null; secretSet: boolean };
  /** The latest callback deliveries, newest first. */
  deliveries: CallbackDeliveryView[];
  notices: ApiNoticesView;
};
