import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { connectors } from './connectors';
import { processInstances } from './process-instances';

/**
 * "One task for one approval": the keys that name the approval an instance is, or is a copy of.
 * Two instances sharing a key are the same approval. Written only by lib/tasks/write/ (link-same-approval.ts),
 * from the snapshot's `sameApproval` keys (an adapter knows them: the DingTalk instance its own id, a local
 * workflow the DingTalk instance its step started, an open-API push its reference field) and from the admin's
 * field rules. `rank` decides which copy is primary: 3 started the other, 2 is the approval itself (or rule side
 * A), 1 mirrors it (or rule side B).
 */
export const sameApprovalKeys = pgTable(
  'same_approval_keys',
  {
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    rank: integer('rank').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('same_approval_keys_uq').on(t.instanceId, t.key),
    index('same_approval_keys_key_idx').on(t.key),
  ],
);

/**
 * "Same approval as": the twin is shown through its primary (the inbox lists the primary once, its detail page
 * shows both sources' links) and acting on either settles both. One primary per twin; re-decided (same rows)
 * whenever another copy of the approval arrives, in either order.
 */
export const sameApprovalLinks = pgTable(
  'same_approval_links',
  {
    id: id(),
    primaryInstanceId: uuid('primary_instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    twinInstanceId: uuid('twin_instance_id')
      .notNull()
      .references(() => processInstances.id, { onDelete: 'cascade' }),
    /** started (a local workflow's DingTalk step) · mirror (a reference field) · rule (an admin's field rule). */
    reason: text('reason').notNull(),
    key: text('key').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('same_approval_links_twin_uq').on(t.twinInstanceId),
    index('same_approval_links_primary_idx').on(t.primaryInstanceId),
  ],
);

/**
 * An admin's rule: an instance of process A whose field X equals field Y of an instance of process B is the
 * same approval (A is primary). Applied as instances are written (not retroactively).
 */
export const sameApprovalRules = pgTable(
  'same_approval_rules',
  {
    id: id(),
    name: text('name').notNull(),
    aConnectorId: uuid('a_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    aProcessCode: text('a_process_code').notNull(),
    aField: text('a_field').notNull(),
    bConnectorId: uuid('b_connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    bProcessCode: text('b_process_code').notNull(),
    bField: text('b_field').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index('same_approval_rules_a_idx').on(t.aConnectorId, t.aProcessCode),
    index('same_approval_rules_b_idx').on(t.bConnectorId, t.bProcessCode),
    uniqueIndex('same_approval_rules_uq').on(
      t.aConnectorId,
      t.aProcessCode,
      t.aField,
      t.bConnectorId,
      t.bProcessCode,
      t.bField,
    ),
  ],
);

export type SameApprovalRule = typeof sameApprovalRules.$inferSelect;
