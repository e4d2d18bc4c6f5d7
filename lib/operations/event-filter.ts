import { and, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { inboundEvents } from '@/db/schema';

export const EVENT_STATUSES = ['received', 'processing', 'processed', 'failed', 'rejected', 'dead'] as const;

/** The event-log search, also the scope of a filtered replay. Every field optional: none = every event. */
export const eventFilterSchema = z
  .object({
    connectorId: z.uuid().optional(),
    type: z.string().trim().min(1).max(100).optional(),
    status: z.enum(EVENT_STATUSES).optional(),
    /** The source's instance id (exact, or a prefix). */
    instanceId: z.string().trim().min(1).max(200).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'validation:range.fromAfterTo',
    path: ['to'],
  });
export type EventFilter = z.infer<typeof eventFilterSchema>;

/** The WHERE clause of a filter. */
export function eventFilterWhere(f: EventFilter): SQL | undefined {
  return and(
    f.connectorId ? eq(inboundEvents.connectorId, f.connectorId) : undefined,
    f.type ? eq(inboundEvents.type, f.type) : undefined,
    f.status ? eq(inboundEvents.status, f.status) : undefined,
    f.instanceId ? ilike(inboundEvents.instanceExternalId, `${escapeLike(f.instanceId)}%`) : undefined,
    f.from ? gte(inboundEvents.receivedAt, f.from) : undefined,
    f.to ? lte(inboundEvents.receivedAt, f.to) : undefined,
  );
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
