import { z } from 'zod';

/** One process a delegation may be limited to (connector + the source's process code). */
export const delegatedProcessSchema = z.object({
  connectorId: z.uuid(),
  processCode: z.string().min(1).max(200),
});

/**
 * A new delegation as the form sends it: who stands in, from when until when, all processes (`processes`
 * null or absent) or the listed ones. The rules that need the database (self, loops, overlaps) are checked by
 * `createDelegation()`.
 */
export const delegationInputSchema = z
  .object({
    delegateUserId: z.uuid(),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    processes: z.array(delegatedProcessSchema).min(1).max(100).nullable().optional(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((v) => v.endsAt.getTime() > v.startsAt.getTime(), {
    path: ['endsAt'],
    message: 'delegation:errors.endBeforeStart',
  });
export type DelegationInput = z.infer<typeof delegationInputSchema>;

/** The admin form: the same, for any principal (e.g. a departed employee). */
export const delegationAsAdminInputSchema = z
  .object({ principalUserId: z.uuid() })
  .and(delegationInputSchema);
export type DelegationAsAdminInput = z.infer<typeof delegationAsAdminInputSchema>;

export const DELEGATION_POLICIES = ['act_as_assignee', 'transfer'] as const;
export type DelegationPolicy = (typeof DELEGATION_POLICIES)[number];

export const delegationPolicyInputSchema = z.object({
  connectorId: z.uuid(),
  policy: z.enum(DELEGATION_POLICIES),
});
