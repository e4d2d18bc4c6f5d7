import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { searchDirectoryUsersAsAdmin } from '@/lib/people/search-directory-users';

export const dynamic = 'force-dynamic';

/** GET ?q= → Huiban users (name, login, mobile, email, job number) with their linked identities per connector. */
export const GET = route({
  auth: 'admin',
  query: z.object({ q: z.string().trim().max(100).default('') }),
  handler: async ({ viewer, query }) => ({
    items: await searchDirectoryUsersAsAdmin(getDb(), viewer, { q: query.q }),
  }),
});
