import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** QueryClient defaults, set once (one provider stack, style rule 15). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // A 401 means the session ended: go to the login page instead of showing a broken view.
        if (error instanceof ApiError && error.status === 401 && typeof window !== 'undefined') {
          window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
        }
      },
    }),
    defaultOptions: {
      queries: {
        // Inbox lists change on their own (new tasks arrive); 30 s keeps tab switches cheap yet fresh.
        staleTime: 30_000,
        // A 4xx will not fix itself; retry only network and 5xx failures, twice.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
    },
  });
}
