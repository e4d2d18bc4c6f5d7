import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth';
import { INBOX_VIEWS, type InboxView } from '@/lib/tasks/inbox-queries';
import { InboxPage } from './InboxPage';

export default async function Inbox({ params }: { params: Promise<{ view: string }> }) {
  await requireUser();
  const { view } = await params;
  if (!INBOX_VIEWS.includes(view as InboxView)) notFound();
  return <InboxPage view={view as InboxView} />;
}
