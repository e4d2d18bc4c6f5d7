import { z } from 'zod';
import { CONNECTOR_KINDS } from '@/lib/connectors/kinds';

export const INBOX_VIEWS = ['pending', 'done', 'initiated', 'cc'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const INBOX_SOURCES = CONNECTOR_KINDS;
export const INBOX_SORTS = ['received', 'updated', 'due'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
    z.array(item).max(20).optional(),
  );
const day = z.iso.date().optional();
const flag = z.preprocess(
  (v) => (v === true || v === '1' || v === 'true' ? true : undefined),
  z.literal(true).optional(),
);

/**
 * Filters, search and sort of an inbox view. The same shape is read from the URL (`?q=报销&source=yida`),
 * validated by the API and stored in saved views.
 */
export const inboxFiltersSchema = z.object({
  q: z.string().trim().max(100).optional(),
  source: csv(z.enum(INBOX_SOURCES)),
  connectorId: z.uuid().optional(),
  process: z.string().trim().max(200).optional(),
  status: csv(z.string().max(20)),
  originator: z.string().trim().max(100).optional(),
  receivedFrom: day,
  receivedTo: day,
  dueFrom: day,
  dueTo: day,
  overdue: flag,
  unread: flag,
  sort: z.enum(INBOX_SORTS).optional(),
});
export type InboxFilters = Partial<z.infer<typeof inboxFiltersSchema>>;
