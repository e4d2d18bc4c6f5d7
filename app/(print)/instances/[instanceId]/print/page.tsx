import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth';
import { getLocale } from '@/lib/i18n/server';
import { getPrintModelForViewer } from '@/lib/print/get-print-model';
import { PrintPage } from './PrintPage';

export default async function InstancePrint({ params }: { params: Promise<{ instanceId: string }> }) {
  const viewer = await requireUser();
  const { instanceId } = await params;
  // The instance page's rule: participants (and people @-mentioned) only, 404 for anyone else.
  const model = await getPrintModelForViewer(getDb(), viewer, instanceId, await getLocale());
  if (!model) notFound();
  return <PrintPage model={model} instanceId={instanceId} />;
}
