import { Readable } from 'node:stream';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { getT } from '@/lib/i18n/server';
import { contentTypeOf, isPreviewable } from '@/lib/storage/content-type';
import { getFileStore } from '@/lib/storage/file-store';
import { StoredFileMissingError } from '@/lib/storage/types';
import { getAttachmentForViewer } from '@/lib/tasks/instance-queries';

export const dynamic = 'force-dynamic';

/**
 * Attachment bytes from Huiban's storage, only for participants of the instance (404 for anyone else).
 * Images and PDFs open inline for preview; `?download=1` (and every other type) downloads.
 */
export const GET = route({
  auth: 'user',
  params: z.object({ attachmentId: z.string() }),
  query: z.object({ download: z.string().optional() }),
  handler: async ({ viewer, params, query }) => {
    const t = await getT('common');
    const file = await getAttachmentForViewer(getDb(), viewer, params.attachmentId);
    if (!file) throw new AppError('not_found', t('attachmentNotFound'));
    const { stream, size } = await getFileStore()
      .open(file.storageKey)
      .catch((error: unknown) => {
        if (error instanceof StoredFileMissingError)
          throw new AppError('not_found', t('attachmentFileMissing'));
        throw error;
      });
    const type = contentTypeOf(file.fileName, file.fileType);
    const inline = !query.download && isPreviewable(type);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type': type,
        'content-length': String(size),
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        // Stored files are user content: never let them run as a page of ours.
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        'cache-control': 'private, max-age=300',
      },
    });
  },
});
