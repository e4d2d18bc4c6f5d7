import { resolveIdentity } from '@/lib/people/resolve-identity';
import type { JobHandler } from '../job-handler';

/** Matches a newly seen source user to a Huiban user (directory lookup through the adapter). */
export const handleResolveIdentity: JobHandler<'resolve-identity'> = async ({ identityId }, ctx) => {
  const result = await resolveIdentity(ctx.db, identityId, ctx.log);
  ctx.log.info({ identityId, ...result }, 'identity resolved');
};
