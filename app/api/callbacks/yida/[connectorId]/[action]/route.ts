import { yidaPushRoute } from '@/lib/ingest/inbound-routes';

export const dynamic = 'force-dynamic';

/** Yida integration-center pushes; the ingest listener serves the same handler on its own port. */
export const POST = yidaPushRoute;
