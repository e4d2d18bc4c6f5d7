import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';

// Unknown API paths answer 404 in the error envelope, not Next's HTML page.
const notFound = route({
  auth: 'public',
  handler: async ({ request }) => {
    throw new AppError('not_found', `No API route ${request.method} ${new URL(request.url).pathname}`);
  },
});

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
