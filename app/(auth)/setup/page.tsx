import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { isSetupPending } from '@/lib/people/setup-token';
import { SetupPage } from './SetupPage';

export const dynamic = 'force-dynamic';

/** First-run setup: exists only while there is no admin and a setup token is pending (then 404). */
export default async function Setup() {
  if (!(await isSetupPending(getDb()))) notFound();
  return <SetupPage />;
}
