import { runAdminOperation } from '@/lib/operations/run-admin-operation';
import type { JobHandler } from '../job-handler';

/** An admin's replay or resync, with progress on its admin_operations row. */
export const handleRunAdminOperation: JobHandler<'run-admin-operation'> = async (payload, ctx) => {
  await runAdminOperation(ctx.db, payload.operationId, { log: ctx.log });
};
