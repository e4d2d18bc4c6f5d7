import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  linkIdentityAsAdmin,
  linkIdentityInputSchema,
  unlinkIdentityAsAdmin,
} from '@/lib/people/link-identity-as-admin';

export const dynamic = 'force-dynamic';

const params = z.object({ identityId: z.uuid() });

/** PUT {userId} → links the identity by hand; its waiting tasks move to the user's inbox. */
export const PUT = route({
  auth: 'admin',
  params,
  body: linkIdentityInputSchema,
  handler: async ({ viewer, params, body, request }) =>
    linkIdentityAsAdmin(
      getDb(),
      viewer,
      { identityId: params.identityId, userId: body.userId },
      requestMeta(request),
    ),
});

/** DELETE → removes the link; the identity's tasks wait unmapped again. */
export const DELETE = route({
  auth: 'admin',
  params,
  handler: async ({ viewer, params, request }) =>
    unlinkIdentityAsAdmin(getDb(), viewer, { identityId: params.identityId }, requestMeta(request)),
});
