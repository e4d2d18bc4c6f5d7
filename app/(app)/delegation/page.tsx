import { requireUser } from '@/lib/auth';
import { DelegationPage } from './DelegationPage';

export default async function Delegation() {
  const viewer = await requireUser();
  return <DelegationPage viewerId={viewer.userId} />;
}
