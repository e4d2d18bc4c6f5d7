import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { searchUsers } from '@/lib/users/search-users';

export const dynamic = 'force-dynamic';

/** GET ?q= → up to 20 active colleagues (id, name, department) for the transfer picker. */
export const GET = route({
  auth: 'user',
  query: z.object({ q: z.string().max(50).default('') }),
  handler: async ({ query }) => ({ items: await searchUsers(getDb(), query.q) }),
});
