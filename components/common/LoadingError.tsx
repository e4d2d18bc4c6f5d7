'use client';

import { Alert } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

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
    <Alert
      type="error"
      showIcon
      role="alert"
      title={typeof error === 'string' ? error : error.message}
      action={action}
      style={style}
    />
  );
}
