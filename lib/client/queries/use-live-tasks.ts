'use client';

import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../query-keys';

/**
 * One EventSource per tab (`/api/live`, Server-Sent Events), shared by every inbox hook that is mounted: each
 * `tasks` message invalidates the inbox lists and counts, so they refetch once when the viewer's inbox changed
 * and never while it is idle. The browser reconnects by itself with the last event id and the server catches
 * it up. While the stream is down the hooks fall back to polling.
 */
type Shared = { source: EventSource; users: number; isLive: boolean; watchers: Set<(live: boolean) => void> };
let shared: Shared | null = null;

function acquire(client: QueryClient): Shared {
  if (shared) {
    shared.users += 1;
    return shared;
  }
  const source = new EventSource('/api/live');
  const s: Shared = { source, users: 1, isLive: false, watchers: new Set() };
  const setLive = (live: boolean) => {
    if (s.isLive === live) return;
    s.isLive = live;
    for (const w of s.watchers) w(live);
  };
  source.addEventListener('ready', () => setLive(true));
  source.addEventListener('tasks', () => {
    void client.invalidateQueries({ queryKey: ['tasks', 'list'] });
    void client.invalidateQueries({ queryKey: queryKeys.tasks.counts });
  });
  source.addEventListener('error', () => setLive(false));
  shared = s;
  return s;
}

function release(s: Shared) {
  s.users -= 1;
  if (s.users > 0) return;
  s.source.close();
  if (shared === s) shared = null;
}

/** Keeps the tab's live stream open while mounted; returns whether it is connected (else: poll). */
export function useLiveTasks(): boolean {
  const client = useQueryClient();
  const [isLive, setIsLive] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const s = acquire(client);
    setIsLive(s.isLive);
    s.watchers.add(setIsLive);
    return () => {
      s.watchers.delete(setIsLive);
      release(s);
    };
  }, [client]);
  return isLive;
}
