import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { createSavedView, listSavedViews, savedViewInputSchema } from '@/lib/tasks/saved-views';

export const dynamic = 'force-dynamic';

/** GET → the viewer's saved inbox views. */
export const GET = route({ auth: 'user', handler: ({ viewer }) => listSavedViews(getDb(), viewer) });

/** POST {name, view, filters, sort?, isDefault?} → the saved view. */
export const POST = route({
  auth: 'user',
  body: savedViewInputSchema,
  handler: ({ viewer, body }) => createSavedView(getDb(), viewer, body),
});
