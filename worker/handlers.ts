import type { JobName } from '@/lib/jobs/definitions';
import type { JobHandler } from './job-handler';
import { handleWorkerHeartbeat } from './jobs/worker-heartbeat';

/** Job name → handler. `satisfies` makes a job definition without a handler a type error. */
export const HANDLERS = {
  'worker-heartbeat': handleWorkerHeartbeat,
} satisfies { [N in JobName]: JobHandler<N> };
