import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * Whether React has hydrated this part of the page. The server render and the hydrating render say `false` (so
 * they match); the render right after hydration says `true`. A control whose only effect is a React handler
 * (a button, a checkbox of a batch selection) is disabled while this is `false`: a click on it before the
 * handlers exist would be lost. Navigation is a real link instead, which works before hydration.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
