import { EventsPage } from './EventsPage';

/** 事件日志; `?connectorId=&status=` preselect the filters (links from 同步健康). */
export default async function Events({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);
  return <EventsPage initialFilter={{ connectorId: one(sp.connectorId), status: one(sp.status) }} />;
}
