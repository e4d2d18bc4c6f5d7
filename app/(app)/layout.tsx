import { AppShell } from '@/components/layout/AppShell';
import { getDb } from '@/db/client';
import { findInsightScope } from '@/lib/analytics/resolve-insight-scope';
import { requireUser } from '@/lib/auth';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireUser();
  // 分析 is in the menu for admins, managers and granted analysts (one small query for the others).
  const canSeeInsights = viewer.isAdmin || (await findInsightScope(getDb(), viewer)) !== null;
  return (
    <AppShell viewer={viewer} canSeeInsights={canSeeInsights}>
      {children}
    </AppShell>
  );
}
