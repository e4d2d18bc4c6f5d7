import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { deleteSavedView, savedViewPatchSchema, updateSavedView } from '@/lib/tasks/saved-views';

export const dynamic = 'force-dynamic';

const params = z.object({ viewId: z.uuid() });

/** PATCH {name?, filters?, sort?, isDefault?}: change one of the viewer's saved views. */
export const PATCH = route({
  auth: 'user',
  params,
  body: savedViewPatchSchema,
  handler: ({ viewer, params, body }) => updateSavedView(getDb(), viewer, params.viewId, body),
});

export const DELETE = route({
  auth: 'user',
  params,
  handler: async ({ viewer, params }) => {
    await deleteSavedView(getDb(), viewer, params.viewId);
    return { deleted: true };
  },
});
