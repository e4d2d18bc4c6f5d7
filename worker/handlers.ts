import type { JobName } from '@/lib/jobs/definitions';
import type { JobHandler } from './job-handler';
import { handleCopyAttachment } from './jobs/copy-attachment';
import { handleProcessInboundEvents } from './jobs/process-inbound-events';
import { handleReconcileConnectors } from './jobs/reconcile-connectors';
import { handleResolveIdentity } from './jobs/resolve-identity';
import { handleWorkerHeartbeat } from './jobs/worker-heartbeat';
import { handleWriteBackAction } from './jobs/write-back-action';

/** Job name → handler. `satisfies` makes a job definition without a handler a type error. */
export const HANDLERS = {
  'worker-heartbeat': handleWorkerHeartbeat,
  'process-inbound-events': handleProcessInboundEvents,
  'write-back-action': handleWriteBackAction,
  'reconcile-connectors': handleReconcileConnectors,
  'copy-attachment': handleCopyAttachment,
  'resolve-identity': handleResolveIdentity,
} satisfies { [N in JobName]: JobHandler<N> };
