import { requireUser } from '@/lib/auth';

export const dynamic = 'force-dynamic';

/** Pages meant for paper (the printed approval): signed in, without the app's navigation. */
export default async function PrintLayout({ children }: { children: React.ReactNode }) {
  await requireUser();
  return children;
}
