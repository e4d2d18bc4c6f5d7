import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgEnum, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectors } from './connectors';
import { users } from './users';

/** One process a delegation is limited to: the connector and the source's process code. */
export type DelegatedProcess = { connectorId: string; processCode: string };

/**
 * 代理: while [starts_at, ends_at) lasts, the delegate also sees and may act on the principal's pending approval
 * tasks (all processes, or only `processes`). One level only: a delegate's own delegation does not pass the
 * principal's tasks on (docs/delegation.md). Cancelling keeps the row (history, audit); it stops at `cancelled_at`.
 */
export const delegations = pgTable(
  'delegations',
  {
    id: id(),
    principalUserId: uuid('principal_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    delegateUserId: uuid('delegate_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    /** null = every process; otherwise only these. */
    processes: jsonb('processes').$type<DelegatedProcess[]>(),
    note: text('note'),
    /** Who set it: the principal, or an admin (e.g. for a departed employee). */
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    cancelledAt: tstz('cancelled_at'),
    ...timestamps,
  },
  (t) => [
    index('delegations_delegate_idx').on(t.delegateUserId, t.endsAt),
    index('delegations_principal_idx').on(t.principalUserId, t.endsAt),
    check('delegations_not_self', sql`${t.principalUserId} <> ${t.delegateUserId}`),
    check('delegations_window', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const delegationPolicy = pgEnum('delegation_policy', ['act_as_assignee', 'transfer']);

/**
 * Per connector: how a delegate's action reaches the source. `act_as_assignee` (default, no row): written back in
 * the assignee's name, the remark naming the delegate; `transfer`: the task is transferred to the delegate at the
 * source, who then acts in their own name.
 */
export const connectorDelegationPolicies = pgTable('connector_delegation_policies', {
  connectorId: uuid('connector_id')
    .primaryKey()
    .references(() => connectors.id, { onDelete: 'cascade' }),
  policy: delegationPolicy('policy').notNull().default('act_as_assignee'),
  ...timestamps,
});

export type Delegation = typeof delegations.$inferSelect;
