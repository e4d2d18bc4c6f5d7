import { z } from 'zod';
import { getDb } from '@/db/client';
import { previewApprovalChain } from '@/lib/connectors/local/workflows/preview-approval-chain';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/**
 * POST `{ values, dingtalkDeptId? }` (the form as typed so far, and the department chosen when the form asks)
 * → the approval chain the request would take; writes nothing.
 * 404 if the viewer may not start the definition.
 */
export const POST = route({
  auth: 'user',
  params: z.object({ definitionId: z.uuid() }),
  body: z.object({
    values: z.record(z.string(), z.unknown()),
    dingtalkDeptId: z.string().max(64).nullish(),
  }),
  maxBodyBytes: 2 * 1024 * 1024,
  handler: ({ viewer, params, body }) =>
    previewApprovalChain(getDb(), viewer, {
      definitionId: params.definitionId,
      values: body.values,
      dingtalkDeptId: body.dingtalkDeptId,
    }),
});
