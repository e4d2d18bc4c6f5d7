import { z } from 'zod';
import {
  actionCallbackSchema,
  batchRequestSchema,
  batchResponseSchema,
  instancePathSchema,
  instanceStateSchema,
  instanceUpsertSchema,
  pushResultSchema,
  TASK_OPERATIONS,
  taskListQuerySchema,
  taskListResponseSchema,
  taskOperationBodySchema,
  taskPathSchema,
} from './push-schema';

type JsonSchema = Record<string, unknown>;

/** Every named schema of the open API, in the order the docs page lists them. */
const NAMED = [
  instanceUpsertSchema,
  taskOperationBodySchema,
  batchRequestSchema,
  pushResultSchema,
  batchResponseSchema,
  instanceStateSchema,
  taskListResponseSchema,
  actionCallbackSchema,
];

const ref = (schema: z.ZodType) => {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('open API schema without an id');
  return { $ref: `#/components/schemas/${id}` };
};

/**
 * Component schemas generated from the zod schemas that validate the requests (no hand-written copy):
 * every schema with a `.meta({ id })` reachable from NAMED, cross-referenced by `$ref`.
 */
function componentSchemas(): Record<string, JsonSchema> {
  const wanted = new Set<string>();
  const all = z.toJSONSchema(z.globalRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }).schemas as Record<string, JsonSchema>;
  // Only the closure of our named schemas: other modules may register ids of their own.
  const visit = (id: string) => {
    if (wanted.has(id) || !all[id]) return;
    wanted.add(id);
    for (const m of JSON.stringify(all[id]).matchAll(/#\/components\/schemas\/([A-Za-z0-9_]+)/g)) {
      if (m[1]) visit(m[1]);
    }
  };
  for (const s of NAMED) visit(ref(s).$ref.split('/').pop() ?? '');
  return Object.fromEntries(
    [...wanted].map((id) => {
      const { $schema: _s, $id: _i, ...rest } = all[id] ?? {};
      return [id, rest];
    }),
  );
}

/** Path or query parameters from a zod object schema. */
function parameters(schema: z.ZodObject, where: 'path' | 'query') {
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema: ref(schema) } } });

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
        },
        requestId: { type: 'string' },
      },
    },
  },
};

const errors = {
  '400': { description: 'Malformed request: `error.issues` names each bad field; nothing was written' },
  '401': { description: 'Missing, unknown or revoked API key' },
  '403': { description: 'The connector of this key is disabled' },
};
for (const e of Object.values(errors)) {
  Object.assign(e, { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
}

/** The OpenAPI 3.1 document served at /api/open/v1/openapi.json. */
export function buildOpenApiDocument(serverUrl: string) {
  const taskOps = Object.fromEntries(
    TASK_OPERATIONS.map((op) => [
      `/instances/{externalId}/tasks/{externalTaskId}/${op}`,
      {
        post: {
          operationId: `${op}Task`,
          tags: ['tasks'],
          summary: { complete: 'Complete a task', cancel: 'Cancel a task', delete: 'Delete a task' }[op],
          description: `Sets the task to ${op === 'complete' ? 'done (with `result`)' : op === 'cancel' ? 'cancelled' : 'deleted'}. Idempotent; a change older than the stored task answers outcome "stale" and changes nothing.`,
          parameters: parameters(taskPathSchema, 'path'),
          requestBody: { required: true, ...json(taskOperationBodySchema) },
          responses: {
            '200': { description: 'Applied (or stale)', ...json(pushResultSchema) },
            ...errors,
            '404': { description: 'No such instance or task under your connector' },
          },
        },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Huiban open API',
      version: '1.0.0',
      description:
        'Push tasks from any in-house system into Huiban’s unified task center, and read back their state. Authenticate with `Authorization: Bearer <API key>` (created by an admin on the connector page). Every write is idempotent by your external ids and monotonic by the `updatedAt` you send.',
    },
    servers: [{ url: `${serverUrl.replace(/\/$/, '')}/api/open/v1` }],
    security: [{ apiKey: [] }],
    paths: {
      '/instances': {
        post: {
          operationId: 'upsertInstance',
          tags: ['instances'],
          summary: 'Create or update an instance and its tasks',
          description:
            'Upsert one instance with its complete task list and process log. Replays are harmless; an `updatedAt` older than the stored one answers outcome "stale".',
          requestBody: { required: true, ...json(instanceUpsertSchema) },
          responses: { '200': { description: 'Applied (or stale)', ...json(pushResultSchema) }, ...errors },
        },
      },
      '/instances/{externalId}': {
        get: {
          operationId: 'getInstance',
          tags: ['instances'],
          summary: 'Read an instance and the state of its tasks',
          parameters: parameters(instancePathSchema, 'path'),
          responses: {
            '200': { description: 'The instance as Huiban stores it', ...json(instanceStateSchema) },
            ...errors,
            '404': { description: 'No such instance under your connector' },
          },
        },
      },
      ...taskOps,
      '/tasks': {
        get: {
          operationId: 'listTasks',
          tags: ['tasks'],
          summary: 'Read the state of tasks',
          parameters: parameters(taskListQuerySchema, 'query'),
          responses: {
            '200': { description: 'Your tasks, newest first', ...json(taskListResponseSchema) },
            ...errors,
          },
        },
      },
      '/batch': {
        post: {
          operationId: 'batch',
          tags: ['batch'],
          summary: 'Batch write (up to 500 items)',
          description:
            'Up to 500 upserts and task operations in one call. Each item is validated and applied on its own: invalid items are answered with their issues, valid ones are written. `results[i]` answers `items[i]`.',
          requestBody: { required: true, ...json(batchRequestSchema) },
          responses: {
            '200': { description: 'One result per item', ...json(batchResponseSchema) },
            ...errors,
          },
        },
      },
    },
    webhooks: {
      taskAction: {
        post: {
          operationId: 'taskActionCallback',
          summary: 'Callback: someone acted on your task in Huiban',
          description:
            'POSTed to the connector’s callback URL when someone agrees, refuses, transfers or comments on one of your tasks in Huiban. Header `X-Huiban-Signature: sha256=<hex HMAC-SHA256 of the raw body with the callback secret>`. Answer 2xx to confirm; other answers are retried with backoff.',
          requestBody: { required: true, ...json(actionCallbackSchema) },
          responses: { '200': { description: 'Accepted (the action is confirmed in Huiban)' } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of your connector' },
      },
      schemas: { ...componentSchemas(), Error: ERROR_SCHEMA },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
