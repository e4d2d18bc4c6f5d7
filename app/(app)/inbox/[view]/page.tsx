import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth';
import { InboxPage } from './InboxPage';

const VIEWS = ['pending', 'done', 'initiated', 'cc'] as const;
export type InboxView = (typeof VIEWS)[number];

export default async function Inbox({ params }: { params: Promise<{ view: string }> }) {
  await requireUser();
  const { view } = await params;
  if (!VIEWS.includes(view as InboxView)) notFound();
  return <InboxPage view={view as InboxView} />;
}
