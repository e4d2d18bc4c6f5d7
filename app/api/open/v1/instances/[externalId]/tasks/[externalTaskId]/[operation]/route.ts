import { getDb } from '@/db/client';
import { taskOperationBodySchema, taskOperationPathSchema } from '@/lib/connectors/api/push-schema';
import { pushTaskOperation } from '@/lib/connectors/api/push-task-operation';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST …/tasks/{externalTaskId}/complete|cancel|delete {updatedAt, result?} → {ok, outcome: updated|stale}. */
export const POST = route({
  auth: 'apiKey',
  params: taskOperationPathSchema,
  body: taskOperationBodySchema,
  handler: async ({ apiKey, params, body }) => {
    const result = await pushTaskOperation(getDb(), apiKey.connectorId, {
      op: params.operation,
      instanceExternalId: params.externalId,
      externalTaskId: params.externalTaskId,
      ...body,
    });
    if (result.outcome === 'not_found') {
      throw new AppError(
        'not_found',
        `no task ${params.externalTaskId} of instance ${params.externalId} here`,
      );
    }
    return result;
  },
});
