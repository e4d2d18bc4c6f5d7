import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { listAttachmentScrubsAsAdmin } from '@/lib/operations/list-attachment-scrubs';

export const dynamic = 'force-dynamic';

/** GET → the latest archive scrubs of attachment copies (admins). */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ scrubs: await listAttachmentScrubsAsAdmin(getDb(), viewer) }),
});
