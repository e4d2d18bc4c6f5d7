import { boolean, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './_columns';
import { connectors } from './connectors';

/** Admin settings per source process (keyed by connector + process code), e.g. whether it may be batch-approved. */
export const processSettings = pgTable(
  'process_settings',
  {
    id: id(),
    connectorId: uuid('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    processCode: text('process_code').notNull(),
    /** Employees may agree several tasks of this process in one go from 待我处理. */
    batchApprovable: boolean('batch_approvable').notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex('process_settings_connector_code_uq').on(t.connectorId, t.processCode)],
);

export type ProcessSetting = typeof processSettings.$inferSelect;
