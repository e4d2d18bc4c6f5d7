'use client';

import { Alert, type AlertProps } from 'antd';

/** antd's error `Alert`, in its own module so LoadingError can load it only when there is an error to show. */
export function ErrorAlert(props: AlertProps) {
  return <Alert type="error" showIcon role="alert" {...props} />;
}
