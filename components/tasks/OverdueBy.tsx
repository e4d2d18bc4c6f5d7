'use client';

import { useT } from '@/lib/i18n/locale-context';
import type { WorkingDuration } from '@/lib/sla/working-duration';

/** "已逾期 2 个工作日 3 小时": how long past due in working time (the business calendar's, docs/sla.md). */
export function OverdueBy({ duration }: { duration: WorkingDuration | null }) {
  const t = useT('sla');
  const inbox = useT('inbox');
  if (!duration) return <>{inbox('overdue')}</>;
  const { days, hours, minutes } = duration;
  const text =
    days > 0
      ? hours > 0
        ? t('duration.daysHours', { d: days, h: hours })
        : t('duration.days', { d: days })
      : hours > 0
        ? t('duration.hours', { h: hours })
        : t('duration.minutes', { m: minutes });
  return <span data-testid="overdue-by">{inbox('overdueBy', { duration: text })}</span>;
}
