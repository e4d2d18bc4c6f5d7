import { type Query, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

/** A query that 401s again this soon after a session-confirmed refetch is refused by the server itself. */
const RECOVERY_WINDOW_MS = 30_000;

/**
 * What a 401 from a query leads to. A 401 alone does not prove the session ended: a request that was in flight
 * while the session was briefly missing (the user signing in again in this browser) comes back 401 after the user
 * has signed in. So ask `/api/auth/session` — once for any number of concurrent 401s — and go to the login page
 * only when there really is no session; otherwise fetch the query again. A query that 401s again right after such
 * a refetch goes to the login page too (the cookie is there but the server refuses it: signed out elsewhere,
 * account disabled).
 */
export function createUnauthorizedHandler(deps: {
  hasSession(): Promise<boolean>;
  redirectToLogin(): void;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  let check: Promise<boolean> | null = null;
  let redirected = false;
  const recoveredAt = new Map<string, number>();

  const redirect = () => {
    if (redirected) return;
    redirected = true;
    deps.redirectToLogin();
  };

  return async (query: Pick<Query, 'queryHash' | 'fetch'>): Promise<void> => {
    if (redirected) return;
    const last = recoveredAt.get(query.queryHash);
    if (last !== undefined && now() - last < RECOVERY_WINDOW_MS) {
      recoveredAt.delete(query.queryHash);
      redirect();
      return;
    }
    check ??= deps
      .hasSession()
      .catch(() => false)
      .finally(() => {
        check = null;
      });
    if (!(await check)) {
      redirect();
      return;
    }
    recoveredAt.set(query.queryHash, now());
    // A second 401 reaches the cache's onError (above) before this promise settles; any other failure shows as the
    // query's error.
    await query
      .fetch()
      .catch(() => {})
      .finally(() => recoveredAt.delete(query.queryHash));
  };
}

async function browserHasSession(): Promise<boolean> {
  const response = await fetch('/api/auth/session', {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) return false;
  const session = (await response.json()) as { userId?: unknown } | null;
  return typeof session?.userId === 'string' && session.userId.length > 0;
}

/** QueryClient defaults, set once (one provider stack, style rule 15). */
export function createQueryClient(): QueryClient {
  const onUnauthorized = createUnauthorizedHandler({
    hasSession: browserHasSession,
    redirectToLogin: () =>
      window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`),
  });
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A 401 may mean the session ended: go to the login page instead of showing a broken view — but only
        // after the session check says so (see createUnauthorizedHandler).
        if (error instanceof ApiError && error.status === 401 && typeof window !== 'undefined') {
          void onUnauthorized(query);
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
