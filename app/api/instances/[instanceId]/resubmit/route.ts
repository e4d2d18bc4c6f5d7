import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import {
  getResubmitForm,
  resubmitInputSchema,
  resubmitLocalInstance,
} from '@/lib/connectors/local/resubmit-local-instance';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const params = z.object({ instanceId: z.uuid() });

/** GET: the form and values of the originator's returned local request, to edit before 再次提交. */
export const GET = route({
  auth: 'user',
  params,
  handler: ({ viewer, params }) => getResubmitForm(getDb(), viewer, params.instanceId),
});

/** POST {values, remark?}: 再次提交 — checked like a start; the flow restarts from its first step. */
export const POST = route({
  auth: 'user',
  params,
  body: resubmitInputSchema,
  handler: ({ viewer, params, body, request }) =>
    resubmitLocalInstance(getDb(), viewer, { instanceId: params.instanceId, ...body }, requestMeta(request)),
});
