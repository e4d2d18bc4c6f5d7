'use client';

import AppContext from 'antd/es/app/context';
import { useContext, useMemo } from 'react';
import { ApiError } from '@/lib/client/api-client';
import { useIssueMessage, useT } from '@/lib/i18n/locale-context';

/**
 * The one way to tell the user how an action went (style rule 16: messages from `App.useApp()`). `toast.error`
 * takes whatever a mutation failed with: an ApiError's message is already in the user's words; anything else shows
 * its own message or a generic 操作失败. Pass it straight as `onError: toast.error`.
 */
export function useToast() {
  // What `App.useApp()` reads, without importing antd's `App` (and its stacks) into every page that toasts.
  const { message } = useContext(AppContext);
  const t = useT('common');
  const issueMessage = useIssueMessage();
  return useMemo(() => {
    const show = (error: unknown, fallback?: string) => {
      // A 400's summary names paths ("Invalid body: body.name"); its first issue says what is wrong, in the UI's words.
      const issue = error instanceof ApiError ? error.issues?.[0] : undefined;
      const text = issue
        ? issueMessage(issue)
        : error instanceof ApiError
          ? error.message
          : (fallback ?? (error instanceof Error && error.message ? error.message : t('failed')));
      void message.error(text);
    };
    return {
      success: (text: string) => void message.success(text),
      info: (text: string) => void message.info(text),
      error: (error: unknown) => show(error),
      /** Like `error`, but anything that is not an ApiError shows `fallback` (e.g. 保存失败). */
      errorOr: (fallback: string) => (error: unknown) => show(error, fallback),
    };
  }, [message, t, issueMessage]);
}
