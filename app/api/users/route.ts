import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getUsersByIds, searchUsers } from '@/lib/people/search-users';

export const dynamic = 'force-dynamic';

/**
 * GET ?q= → up to 20 active colleagues (id, name, department) for pickers; GET ?ids=a,b → those users' names
 * (a picker showing users chosen earlier).
 */
export const GET = route({
  auth: 'user',
  query: z.object({
    q: z.string().max(50).default(''),
    ids: z
      .string()
      .max(50 * 37)
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.uuid()).max(50))
      .optional(),
  }),
  handler: async ({ query }) => ({
    items: query.ids ? await getUsersByIds(getDb(), query.ids) : await searchUsers(getDb(), query.q),
  }),
});
