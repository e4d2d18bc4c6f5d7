'use client';

import { type CSSProperties, lazy, type ReactNode, Suspense } from 'react';

/** The alert loads with the first error: a page that loads fine never downloads it. */
const ErrorAlert = lazy(() => import('./ErrorAlert').then((m) => ({ default: m.ErrorAlert })));

/** The banner a page or card shows when its data failed to load; nothing when there is no error. */
export function LoadingError({
  error,
  action,
  style,
}: {
  error: Error | string | null | undefined;
  action?: ReactNode;
  style?: CSSProperties;
}) {
  if (!error) return null;
  return (
    <Suspense fallback={null}>
      <ErrorAlert title={typeof error === 'string' ? error : error.message} action={action} style={style} />
    </Suspense>
  );
}
