import type { ApiCredentials } from './open-api';
import { callApi } from './open-api';

type SchemaItem = { componentName?: string; props?: { label?: string } };
/** A template's form schema as `GET /v1.0/workflow/forms/schemas/processCodes` gives it (§5.9). */
export type FormSchema = { name: string | null; items: SchemaItem[] };

type Entry =
  | { state: 'ok'; schema: FormSchema; at: number }
  | { state: 'failed'; error: unknown; at: number }
  | { state: 'pending'; promise: Promise<FormSchema> };

/** A schema changes rarely (an admin edits the template): one call per process and hour is plenty. */
const SCHEMA_TTL_MS = 60 * 60 * 1000;
/**
 * A failed lookup (throttled, a 5xx, a network blip) is tried again at the first call after this pause: soon
 * enough that a process name is not missing for long, long enough not to hammer a source that is struggling.
 */
export const FORM_SCHEMA_RETRY_MS = 5_000;

const cache = new Map<string, Entry>();

/**
 * One template's form schema, cached per app and process code. Concurrent callers share one request (many
 * events of one process arriving together cost one call), and a failure is not kept for the TTL: it is thrown
 * to the callers of that attempt and to those within FORM_SCHEMA_RETRY_MS, then retried. `fresh` skips the cache
 * (an admin checking a template right now), still sharing a request in flight.
 */
export async function getFormSchema(
  s: ApiCredentials,
  processCode: string,
  options: { fresh?: boolean } = {},
): Promise<FormSchema> {
  const key = `${s.apiBase}|${s.clientId}|${processCode}`;
  const entry = cache.get(key);
  const now = Date.now();
  if (entry?.state === 'pending') return entry.promise;
  // A nameless answer (a template still being set up) is asked again as soon as a failure would be.
  const ttl = entry?.state === 'ok' && !entry.schema.name ? FORM_SCHEMA_RETRY_MS : SCHEMA_TTL_MS;
  if (!options.fresh && entry?.state === 'ok' && now - entry.at < ttl) return entry.schema;
  if (!options.fresh && entry?.state === 'failed' && now - entry.at < FORM_SCHEMA_RETRY_MS) throw entry.error;
  const promise = (async () => {
    const body = await callApi<{ result?: { name?: string; schemaContent?: { items?: SchemaItem[] } } }>(
      s,
      '/v1.0/workflow/forms/schemas/processCodes',
      { query: { processCode } },
    );
    return { name: body.result?.name?.trim() || null, items: body.result?.schemaContent?.items ?? [] };
  })();
  cache.set(key, { state: 'pending', promise });
  try {
    const schema = await promise;
    cache.set(key, { state: 'ok', schema, at: Date.now() });
    return schema;
  } catch (error) {
    cache.set(key, { state: 'failed', error, at: Date.now() });
    throw error;
  }
}

/** Forget cached schemas (tests, or after a credentials change). */
export function clearFormSchemaCache(): void {
  cache.clear();
}
