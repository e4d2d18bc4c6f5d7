import type { InboxView } from '@/lib/tasks/inbox/inbox-filters';

/**
 * What the filter bar shows for a view, shared by the controls (FilterControls, loaded after the page) and the
 * stand-ins drawn until they arrive (InboxFilters), so both take the same room.
 */
export const STATUS_OPTIONS: Record<InboxView, string[]> = {
  pending: [],
  done: ['done', 'acted', 'cancelled', 'deleted'],
  initiated: ['running', 'completed', 'terminated', 'cancelled'],
  cc: [],
};

/** Sort orders a view offers; the first is the default (no `sort` in the URL). */
export function sortsOf(view: InboxView): ('received' | 'updated' | 'due')[] {
  return view === 'initiated' ? ['received', 'updated'] : ['received', 'updated', 'due'];
}

/** Each control's width in the desktop bar, px. */
export const WIDTHS = { select: 150, status: 140, originator: 120, dates: 240, sort: 140 };
