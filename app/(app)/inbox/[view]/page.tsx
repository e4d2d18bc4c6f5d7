import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth';
import { guessPhoneLayout } from '@/lib/client/phone-layout';
import { queryKeys } from '@/lib/client/query-keys';
import { requestHeaders } from '@/lib/http/request-header';
import { inboxQuerySchema, loadInboxAnswer } from '@/lib/tasks/inbox/inbox-answer';
import { INBOX_SOURCES, INBOX_VIEWS, type InboxView } from '@/lib/tasks/inbox/inbox-filters';
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
  const search = await searchParams;
  // Opening a view without filters shows the user's default saved view for it, if they set one.
  if (Object.keys(search).length === 0) {
    const fallback = await findDefaultView(getDb(), viewer, view as InboxView);
    if (fallback) redirect(`/inbox/${view}?${new URLSearchParams(fallback)}`);
  }
  // The first page comes with the HTML (no request waterfall): cached under the key the list asks for, with the
  // URL's parameters as the browser reads them (the last of a repeated one) and the API's JSON shape.
  const flat = Object.fromEntries(
    Object.entries(search).flatMap(([k, v]) =>
      v === undefined ? [] : [[k, Array.isArray(v) ? v.at(-1) : v]],
    ),
  ) as Record<string, string>;
  const client = new QueryClient();
  const query = inboxQuerySchema.safeParse({ ...flat, view });
  if (query.success) {
    const answer = JSON.parse(JSON.stringify(await loadInboxAnswer(getDb(), viewer, query.data)));
    client.setQueryData(queryKeys.tasks.list(view, flat), answer);
    client.setQueryData(queryKeys.tasks.counts, answer.counts);
  }
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <InboxPage
        view={view as InboxView}
        sources={INBOX_SOURCES}
        phoneGuess={guessPhoneLayout(await requestHeaders())}
      />
    </HydrationBoundary>
  );
}
