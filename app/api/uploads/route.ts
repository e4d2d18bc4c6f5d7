import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { saveUpload } from '@/lib/storage/save-upload';

export const dynamic = 'force-dynamic';

/** POST multipart `file` → 201 `{ fileId, fileName, size, contentType }` (413 over UPLOAD_MAX_MB). */
export const POST = route({
  auth: 'user',
  streamBody: true,
  handler: async ({ viewer, request }) =>
    Response.json(await saveUpload(getDb(), viewer, request), { status: 201 }),
});
