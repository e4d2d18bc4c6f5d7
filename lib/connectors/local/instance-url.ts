import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances } from '@/db/schema';
import { rawEnv } from '@/lib/env';

/** The deep link back into Huiban (待办 detailUrl, notices): the instance page of the run. */
export async function instanceUrl(db: Db, runId: string): Promise<string> {
  const [row] = await db
    .select({ id: processInstances.id })
    .from(processInstances)
    .where(and(eq(processInstances.source, 'local'), eq(processInstances.externalId, runId)));
  const base = (rawEnv().APP_URL || 'http://localhost:3000').replace(/\/$/, '');
  return `${base}/instances/${row?.id ?? ''}`;
}
