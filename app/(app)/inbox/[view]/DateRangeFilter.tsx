'use client';

import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { DATE_VALUE_FORMAT } from '@/lib/client/format-time';

/**
 * A from–to day filter (`YYYY-MM-DD` strings, either end open). Its own module so the inbox loads the date
 * picker (rc-picker, its calendars and locales) after the page, not in the page's first load.
 */
export function DateRangeFilter({
  from,
  to,
  placeholder,
  block,
  onChange,
}: {
  from?: string;
  to?: string;
  placeholder: string;
  block?: boolean;
  onChange(from: string | undefined, to: string | undefined): void;
}) {
  return (
    <DatePicker.RangePicker
      allowEmpty={[true, true]}
      placeholder={[placeholder, '']}
      style={block ? { width: '100%' } : undefined}
      value={from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null}
      onChange={(v) => onChange(v?.[0]?.format(DATE_VALUE_FORMAT), v?.[1]?.format(DATE_VALUE_FORMAT))}
    />
  );
}
