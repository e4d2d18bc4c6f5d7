'use client';

import { Button, type ButtonProps } from 'antd';
import type { MouseEvent } from 'react';
import { useDingTalkClient } from '@/lib/client/use-dingtalk-client';

type Props = ButtonProps & { href: string };

/**
 * A link button that, inside the DingTalk client, keeps the user there: it opens the URL with `dd.openLink` (or
 * hands a `dingtalk://` link to the client) instead of leaving for the system browser. Outside DingTalk it is
 * an ordinary antd link button.
 */
export function ClientLinkButton({ href, onClick, ...rest }: Props) {
  const client = useDingTalkClient();
  const open = (event: MouseEvent<HTMLElement>) => {
    onClick?.(event as MouseEvent<HTMLAnchorElement & HTMLButtonElement>);
    if (!client.isInside || event.defaultPrevented) return;
    event.preventDefault();
    void client.open(href);
  };
  return <Button {...rest} href={href} onClick={open} />;
}
