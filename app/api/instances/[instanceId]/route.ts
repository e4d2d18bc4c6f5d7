import { z } from 'zod';
import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { getT } from '@/lib/i18n/server';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';

export const dynamic = 'force-dynamic';

/** One instance with its form, process log and attachments, for its participants (404 for anyone else). */
export const GET = route({
  auth: 'user',
  params: z.object({ instanceId: z.string() }),
  handler: async ({ viewer, params }) => {
    const instance = await getInstanceForViewer(getDb(), viewer, params.instanceId);
    if (!instance) throw new AppError('not_found', (await getT('instance'))('notFound'));
    return instance;
  },
});
