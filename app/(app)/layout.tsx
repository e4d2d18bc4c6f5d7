import { AppShell } from '@/components/layout/AppShell';
import { requireUser } from '@/lib/auth';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireUser();
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
