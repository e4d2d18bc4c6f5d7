'use client';

import { useCallback } from 'react';
import { useT } from '@/lib/i18n/locale-context';

/** Seconds as people read a wait: "2 天 3 小时", "5 小时 10 分", "12 分" (wall-clock time). */
export function useDuration(): (seconds: number | null | undefined) => string {
  const t = useT('insights');
  return useCallback(
    (seconds) => {
      if (seconds === null || seconds === undefined) return '—';
      const m = Math.round(seconds / 60);
      const d = Math.floor(m / 1440);
      const h = Math.floor((m % 1440) / 60);
      if (d > 0) return t('duration.d', { d, h });
      if (h > 0) return t('duration.h', { h, m: m % 60 });
      return t('duration.m', { m });
    },
    [t],
  );
}

/** Seconds → hours with one decimal, for chart axes. */
export const hours = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 360) / 10);
