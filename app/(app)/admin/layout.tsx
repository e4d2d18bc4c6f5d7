import { requireAdmin } from '@/lib/auth';

export const dynamic = 'force-dynamic';

/** Every admin page is server-checked here: employees get the 403 page (app/forbidden.tsx). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return children;
}
