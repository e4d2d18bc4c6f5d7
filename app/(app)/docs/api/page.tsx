import { requireUser } from '@/lib/auth';
import { buildOpenApiDocument } from '@/lib/connectors/api/openapi';
import { env } from '@/lib/env';
import { ApiDocsPage } from './ApiDocsPage';

/** The open API's reference, rendered from the same OpenAPI document /api/open/v1/openapi.json serves. */
export default async function ApiDocs() {
  await requireUser();
  return <ApiDocsPage document={JSON.parse(JSON.stringify(buildOpenApiDocument(env().APP_URL)))} />;
}
