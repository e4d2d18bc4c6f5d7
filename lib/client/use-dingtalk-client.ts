'use client';

import { useEffect, useState } from 'react';
import { isInsideDingTalk, isPhoneClient, openInsideDingTalk } from './dingtalk-container';

export type DingTalkClient = {
  /** Running inside the DingTalk client (decided after hydration, so server and first render agree). */
  isInside: boolean;
  isPhone: boolean;
  open: (url: string) => Promise<void>;
};

/** Whether the page runs inside the DingTalk client, and how to open a link there. */
export function useDingTalkClient(): DingTalkClient {
  const [state, setState] = useState({ isInside: false, isPhone: false });
  useEffect(() => {
    setState({ isInside: isInsideDingTalk(), isPhone: isPhoneClient() });
  }, []);
  return { ...state, open: openInsideDingTalk };
}

/**
 * Which of a DingTalk approval's links opens the native approval page here (§10.2): inside the client on a phone,
 * the mobile page; elsewhere the PC link (a `dingtalk://…page/link?pc_slide=true` side panel, or a web page).
 */
export function approvalLinkFor(
  client: Pick<DingTalkClient, 'isInside' | 'isPhone'>,
  links: { pcUrl?: string | null; mobileUrl?: string | null },
): string | null {
  if (client.isInside && client.isPhone) return links.mobileUrl || links.pcUrl || null;
  return links.pcUrl || null;
}
