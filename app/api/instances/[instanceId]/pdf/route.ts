import { z } from 'zod';
import { getDb } from '@/db/client';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/http/route';
import { toLocale } from '@/lib/i18n/locales';
import { getLocale, getT } from '@/lib/i18n/server';
import { getPrintModelForViewer } from '@/lib/print/get-print-model';
import { renderPrintPdf } from '@/lib/print/render-print-pdf';

export const dynamic = 'force-dynamic';

/** The printed approval (审批单) as an A4 PDF with its CJK font embedded, for the instance's participants (404 otherwise). */
export const GET = route({
  auth: 'user',
  params: z.object({ instanceId: z.string() }),
  query: z.object({ lang: z.enum(['zh-CN', 'en-US']).optional() }),
  handler: async ({ viewer, params, query }) => {
    const locale = query.lang ? toLocale(query.lang) : await getLocale();
    const model = await getPrintModelForViewer(getDb(), viewer, params.instanceId, locale);
    if (!model) throw new AppError('not_found', (await getT('instance'))('notFound'));
    const pdf = await renderPrintPdf(model);
    const name = `${model.heading}-${model.title}`.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-length': String(pdf.length),
        'content-disposition': `attachment; filename="approval.pdf"; filename*=UTF-8''${encodeURIComponent(name)}.pdf`,
        'cache-control': 'private, no-store',
      },
    });
  },
});
