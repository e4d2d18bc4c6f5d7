import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth';
import { commentWriteBackOf } from '@/lib/connectors/registry/capabilities';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { InstancePage } from './InstancePage';

export default async function Instance({ params }: { params: Promise<{ instanceId: string }> }) {
  const viewer = await requireUser();
  const { instanceId } = await params;
  // Participants only: anyone else gets the same 404 as for an instance that does not exist.
  const instance = await getInstanceForViewer(getDb(), viewer, instanceId);
  if (!instance) notFound();
  // Keyed by instance: `n` / `p` move between instances on this route, and no state may carry over.
  return (
    <InstancePage
      key={instance.id}
      initial={instance}
      commentCapabilities={commentWriteBackOf(instance.source)}
    />
  );
}
