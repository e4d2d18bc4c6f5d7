import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { setupTokens, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { AppError } from '@/lib/errors';
import { createUser } from '@/lib/people/create-user';
import { hasActiveAdmin, hashSetupToken } from './setup-token';

export const completeSetupSchema = z.object({
  token: z.string().min(1).max(200),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,64}$/),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(10).max(200),
});

/**
 * Creates the first admin with the one-time setup token. The token is spent in the same transaction that
 * creates the admin, so two racing requests with one token give one admin; afterwards `/setup` is a 404.
 */
export async function completeSetup(
  db: Db,
  input: z.infer<typeof completeSetupSchema>,
  meta: RequestMeta,
): Promise<{ userId: string }> {
  return db.transaction(async (tx) => {
    // Serialises setups: a second request waits here, then sees the admin and the spent token.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('huiban-setup'))`);
    if (await hasActiveAdmin(tx)) throw new AppError('not_found', 'Not found');
    const [spent] = await tx
      .update(setupTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(setupTokens.tokenHash, hashSetupToken(input.token)), isNull(setupTokens.usedAt)))
      .returning({ id: setupTokens.id });
    if (!spent) throw new AppError('forbidden', 'Invalid or used setup token');
    const { created } = await createUser(tx, {
      username: input.username,
      name: input.name,
      password: input.password,
      role: 'admin',
    });
    if (!created) throw new AppError('conflict', 'That username is taken');
    const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    const userId = admin?.id as string;
    await recordAudit(tx, {
      actorUserId: userId,
      action: 'setup.completed',
      targetType: 'user',
      targetId: userId,
      ...meta,
    });
    return { userId };
  });
}
