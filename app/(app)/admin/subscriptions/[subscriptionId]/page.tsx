import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireAdmin } from '@/lib/auth';
import { getSubscriptionAsAdmin } from '@/lib/distribution/list-subscriptions';
import { AppError } from '@/lib/errors';
import { SubscriptionPage } from './SubscriptionPage';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function Subscription({ params }: { params: Promise<{ subscriptionId: string }> }) {
  const viewer = await requireAdmin();
  const { subscriptionId } = await params;
  if (!UUID.test(subscriptionId)) notFound();
  const subscription = await getSubscriptionAsAdmin(getDb(), viewer, subscriptionId).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    },
  );
  if (!subscription) notFound();
  return <SubscriptionPage initial={subscription} />;
}
