import { useSyncExternalStore } from 'react';

/** The phone layout's width, the same as `components/layout/responsive.module.css`. */
const PHONE_QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * The server's guess of the phone layout from the request (the server cannot see the viewport): a phone's user
 * agent (iPhone, an Android or HarmonyOS phone; not a tablet) or the client hint `Sec-CH-UA-Mobile: ?1`. Only a
 * guess for the first paint, which is what a user sees (and may click) before hydration; the viewport decides
 * right after.
 */
export function guessPhoneLayout(headers: { get(name: string): string | null }): boolean {
  const agent = headers.get('user-agent') ?? '';
  return (
    /iPhone|iPod|Android.*Mobile|OpenHarmony.*Phone/i.test(agent) ||
    headers.get('sec-ch-ua-mobile')?.trim() === '?1'
  );
}

/**
 * Whether the viewport is phone-sized, for the few places that render one of two trees instead of hiding one with
 * CSS (a list rendered twice would be found twice by search, screen readers and tests). The server and the
 * hydrating render use `serverGuess` (the same value on both sides, so hydration always matches: by default "not a
 * phone", or the page's `guessPhoneLayout()` from the request); the viewport decides right after.
 */
export function useIsPhone(serverGuess = false): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => serverGuess,
  );
}
