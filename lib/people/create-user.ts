import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/passwords';

export const createUserSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,64}$/, 'letters, digits, . _ - (2–64)')
    .optional(),
  email: z.email().trim().toLowerCase().optional(),
  name: z.string().trim().min(1).max(100),
  password: z.string().min(8, 'at least 8 characters').max(200).optional(),
  role: z.enum(['employee', 'admin']).default('employee'),
  mobile: z.string().trim().optional(),
  jobNumber: z.string().trim().optional(),
  department: z.string().trim().optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

/**
 * Creates a local account if no user has that username or email yet (idempotent: seeding twice adds nothing).
 * Returns whether a user was created.
 */
export async function createUser(db: DbOrTx, input: CreateUserInput): Promise<{ created: boolean }> {
  const data = createUserSchema.parse(input);
  if (!data.username && !data.email) throw new Error('a user needs a username or an email');
  const passwordHash = data.password ? await hashPassword(data.password) : null;
  const inserted = await db
    .insert(users)
    .values({
      username: data.username ?? null,
      email: data.email ?? null,
      name: data.name,
      passwordHash,
      role: data.role,
      mobile: data.mobile ?? null,
      jobNumber: data.jobNumber ?? null,
      department: data.department ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: users.id });
  return { created: inserted.length > 0 };
}
