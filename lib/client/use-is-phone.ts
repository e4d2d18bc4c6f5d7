import { useSyncExternalStore } from 'react';

/** The phone layout's width, the same as `components/layout/responsive.module.css`. */
const PHONE_QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/**
 * Whether the viewport is phone-sized, for the few places that render one of two trees instead of hiding one with
 * CSS (a list rendered twice would be found twice by search, screen readers and tests). The server and the
 * hydrating render use `serverGuess` (the same value on both sides, so hydration always matches: by default "not a
 * phone", or the page's `guessPhoneLayout()` (phone-layout.ts) from the request); the viewport decides right after.
 */
export function useIsPhone(serverGuess = false): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => serverGuess,
  );
}
