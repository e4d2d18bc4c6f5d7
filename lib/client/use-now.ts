'use client';

import { useEffect, useState } from 'react';

/** How often relative times ("3 分钟前") move on while a page stays open. */
const TICK_MS = 30_000;

/**
 * The "now" that relative times count to. The server render and the hydrating render use `serverNow` (the
 * server's clock when the data was read, sent with it), so both produce the same text whatever this browser's
 * clock says; after hydration it is this browser's clock, ticking every 30 s.
 */
export function useNow(serverNow: string | undefined): string | number | undefined {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now ?? serverNow;
}
