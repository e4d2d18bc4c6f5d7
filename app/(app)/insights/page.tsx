import { forbidden } from 'next/navigation';
import { getDb } from '@/db/client';
import { findInsightScope } from '@/lib/analytics/resolve-insight-scope';
import { requireUser } from '@/lib/auth';
import { displayTimeZone } from '@/lib/env';
import { InsightsPage } from './InsightsPage';

export const dynamic = 'force-dynamic';

/** 分析: admins (the company), managers (their departments) and granted analysts; anyone else gets 403. */
export default async function Insights() {
  const viewer = await requireUser();
  const scope = await findInsightScope(getDb(), viewer);
  if (!scope) forbidden();
  return (
    <InsightsPage
      isAdmin={viewer.isAdmin}
      departments={scope.all ? null : scope.departments}
      timeZone={displayTimeZone()}
    />
  );
}
