import { buildOpenApiDocument } from '@/lib/connectors/api/openapi';
import { env } from '@/lib/env';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of the open API, generated from the zod schemas that validate it. Public. */
export const GET = route({
  auth: 'public',
  handler: async () => buildOpenApiDocument(env().APP_URL),
});
