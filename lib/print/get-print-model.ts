import type { DbOrTx } from '@/db/client';
import type { Viewer } from '@/lib/auth/viewer';
import { displayTimeZone, env } from '@/lib/env';
import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translate';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { buildPrintModel, type PrintModel } from './print-model';

/**
 * The printed approval of an instance, for whoever may see it (the same rule as its page: 404 otherwise). The
 * company name is HUIBAN_COMPANY_NAME, else the app's name.
 */
export async function getPrintModelForViewer(
  db: DbOrTx,
  viewer: Viewer,
  instanceId: string,
  locale: Locale,
): Promise<PrintModel | null> {
  const instance = await getInstanceForViewer(db, viewer, instanceId);
  if (!instance) return null;
  return buildPrintModel({
    instance,
    locale,
    companyName: env().HUIBAN_COMPANY_NAME ?? translator(locale, 'common')('app.name'),
    timeZone: displayTimeZone(),
    printedAt: new Date(),
  });
}
