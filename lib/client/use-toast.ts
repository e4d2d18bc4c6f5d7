'use client';

import { App } from 'antd';
import { useMemo } from 'react';
import { useT } from '@/lib/i18n/locale-context';

/**
 * The one way to tell the user how an action went (style rule 16: messages from `App.useApp()`). `toast.error`
 * takes whatever a mutation failed with: an ApiError's message is already in the user's words; anything else
 * becomes a generic "操作失败". Pass it straight as `onError: toast.error`.
 */
export function useToast() {
  const { message } = App.useApp();
  const t = useT('common');
  return useMemo(
    () => ({
      success: (text: string) => void message.success(text),
      error: (error: unknown) =>
        void message.error(error instanceof Error && error.message ? error.message : t('failed')),
    }),
    [message, t],
  );
}
