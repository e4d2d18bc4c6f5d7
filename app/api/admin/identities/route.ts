import { z } from 'zod';
import { getDb } from '@/db/client';
import { searchDirectoryUsersAsAdmin } from '@/lib/directory/search-directory-users';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET ?q= → Huiban users (name, login, mobile, email, job number) with their linked identities per connector. */
export const GET = route({
  auth: 'admin',
  query: z.object({ q: z.string().trim().max(100).default('') }),
  handler: async ({ viewer, query }) => ({
    items: await searchDirectoryUsersAsAdmin(getDb(), viewer, { q: query.q }),
  }),
});
