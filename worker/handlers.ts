import type { JobName } from '@/lib/jobs/definitions';
import type { BatchJobHandler, JobHandler } from './job-handler';
import { handleAnnounceTasks } from './jobs/announce-tasks';
import { handleCopyAttachment } from './jobs/copy-attachment';
import { handleDeliverEvent } from './jobs/deliver-event';
import { handleNotifyMentions } from './jobs/notify-mentions';
import { handleProcessInboundEvents, handleProcessInboundEventsBatch } from './jobs/process-inbound-events';
import { handlePruneUploads } from './jobs/prune-uploads';
import { handleRecomputeDueDates } from './jobs/recompute-due-dates';
import { handleReconcileConnectors } from './jobs/reconcile-connectors';
import { handleRefreshAnalytics } from './jobs/refresh-analytics';
import { handleResolveIdentity } from './jobs/resolve-identity';
import { handleResumeLocalStep } from './jobs/resume-local-step';
import { handleRunAdminOperation } from './jobs/run-admin-operation';
import { handleRunLocalEffect } from './jobs/run-local-effect';
import { handleScanSlaEscalations } from './jobs/scan-sla-escalations';
import { handleScrubAttachments } from './jobs/scrub-attachments';
import { handleSendDailyDigests } from './jobs/send-daily-digests';
import { handleSendUrgeNotices } from './jobs/send-urge-notices';
import { handleSyncDirectory } from './jobs/sync-directory';
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
  'sync-directory': handleSyncDirectory,
  'run-local-effect': handleRunLocalEffect,
  'resume-local-step': handleResumeLocalStep,
  'deliver-event': handleDeliverEvent,
  'run-admin-operation': handleRunAdminOperation,
  'prune-uploads': handlePruneUploads,
  'scrub-attachments': handleScrubAttachments,
  'announce-tasks': handleAnnounceTasks,
  'recompute-due-dates': handleRecomputeDueDates,
  'scan-sla-escalations': handleScanSlaEscalations,
  'send-urge-notices': handleSendUrgeNotices,
  'send-daily-digests': handleSendDailyDigests,
  'notify-mentions': handleNotifyMentions,
  'refresh-analytics': handleRefreshAnalytics,
} satisfies { [N in JobName]: JobHandler<N> };

/**
 * Queues whose consumers fetch several jobs at once (`worker.batchSize` in the definition) and handle them
 * together; the single-job handler above stays for a batch of one and for callers outside the worker.
 */
export const BATCH_HANDLERS: { [N in JobName]?: BatchJobHandler<N> } = {
  'process-inbound-events': handleProcessInboundEventsBatch,
};
