import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { completeSetup, completeSetupSchema } from '@/lib/people/complete-setup';
import { isSetupPending } from '@/lib/people/setup-token';

export const dynamic = 'force-dynamic';

/** First-run setup: creates the first admin with the console's one-time token; 404 once an admin exists. */
export const POST = route({
  auth: 'public',
  maxBodyBytes: 4096,
  handler: async ({ request, rawBody }) => {
    if (!(await isSetupPending(getDb()))) throw new AppError('not_found', 'Not found');
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new AppError('invalid_json', 'Request body is not valid JSON');
    }
    const parsed = completeSetupSchema.safeParse(json);
    if (!parsed.success) throw AppError.fromZod(parsed.error, 'body');
    return Response.json(await completeSetup(getDb(), parsed.data, requestMeta(request)), { status: 201 });
  },
});
