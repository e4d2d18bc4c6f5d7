import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth';
import { INBOX_VIEWS, type InboxView } from '@/lib/tasks/inbox/inbox-filters';
import { findDefaultView } from '@/lib/tasks/saved-views';
import { InboxPage } from './InboxPage';

export default async function Inbox({
  params,
  searchParams,
}: {
  params: Promise<{ view: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requireUser();
  const { view } = await params;
  if (!INBOX_VIEWS.includes(view as InboxView)) notFound();
  // Opening a view without filters shows the user's default saved view for it, if they set one.
  if (Object.keys(await searchParams).length === 0) {
    const fallback = await findDefaultView(getDb(), viewer, view as InboxView);
    if (fallback) redirect(`/inbox/${view}?${new URLSearchParams(fallback)}`);
  }
  return <InboxPage view={view as InboxView} />;
}
