'use client';

import { Modal, message, notification } from 'antd';
import type { useAppProps } from 'antd/es/app/context';
import { useEffect } from 'react';

/**
 * What antd's `App` mounts to serve `App.useApp()`: the message, notification and modal hooks and their holders.
 * Its own module, loaded right after hydration by DeferredApp, which hands the hooks' APIs to the context.
 */
export function AppHolders({ onReady }: { onReady(apis: useAppProps): void }) {
  const [messageApi, messageHolder] = message.useMessage();
  const [notificationApi, notificationHolder] = notification.useNotification();
  const [modalApi, modalHolder] = Modal.useModal();
  useEffect(
    () => onReady({ message: messageApi, notification: notificationApi, modal: modalApi }),
    [onReady, messageApi, notificationApi, modalApi],
  );
  return (
    <>
      {modalHolder}
      {messageHolder}
      {notificationHolder}
    </>
  );
}
