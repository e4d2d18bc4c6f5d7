import { QueryCache, QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client';
import { createUnauthorizedHandler } from './query-client';

function setup(session: () => Promise<boolean>) {
  const redirectToLogin = vi.fn();
  const hasSession = vi.fn(session);
  const handler = createUnauthorizedHandler({ hasSession, redirectToLogin });
  const client = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401) void handler(query);
      },
    }),
    defaultOptions: { queries: { retry: false } },
  });
  return { client, hasSession, redirectToLogin };
}

const unauthorized = () => new ApiError(401, 'unauthorized', 'Unauthorized');
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a 401 from a query', () => {
  it('refetches instead of leaving the page when the session is back', async () => {
    const { client, hasSession, redirectToLogin } = setup(async () => true);
    let calls = 0;
    const queryFn = async () => {
      calls += 1;
      if (calls === 1) throw unauthorized();
      return 'fresh';
    };
    await client.fetchQuery({ queryKey: ['a'], queryFn }).catch(() => {});
    await vi.waitFor(() => expect(client.getQueryData(['a'])).toBe('fresh'));
    expect(hasSession).toHaveBeenCalledTimes(1);
    expect(redirectToLogin).not.toHaveBeenCalled();
  });

  it('checks the session once for concurrent 401s', async () => {
    let answer!: (value: boolean) => void;
    const { client, hasSession, redirectToLogin } = setup(
      () => new Promise<boolean>((resolve) => (answer = resolve)),
    );
    const seen: Record<string, number> = {};
    const queryFn = (key: string) => async (): Promise<string> => {
      seen[key] = (seen[key] ?? 0) + 1;
      if (seen[key] === 1) throw unauthorized();
      return key;
    };
    await Promise.all(
      ['x', 'y', 'z'].map((key) =>
        client.fetchQuery({ queryKey: [key], queryFn: queryFn(key) }).catch(() => {}),
      ),
    );
    await flush();
    answer(true);
    await vi.waitFor(() => expect(client.getQueryData(['z'])).toBe('z'));
    expect(client.getQueryData(['x'])).toBe('x');
    expect(hasSession).toHaveBeenCalledTimes(1);
    expect(redirectToLogin).not.toHaveBeenCalled();
  });

  it('goes to the login page (once) when there is no session', async () => {
    const { client, redirectToLogin } = setup(async () => false);
    const queryFn = async (): Promise<string> => {
      throw unauthorized();
    };
    await Promise.all(
      ['p', 'q'].map((key) => client.fetchQuery({ queryKey: [key], queryFn }).catch(() => {})),
    );
    await vi.waitFor(() => expect(redirectToLogin).toHaveBeenCalledTimes(1));
    await flush();
    expect(redirectToLogin).toHaveBeenCalledTimes(1);
  });

  it('goes to the login page when the session check itself fails', async () => {
    const { client, redirectToLogin } = setup(async () => {
      throw new Error('offline');
    });
    await client
      .fetchQuery({
        queryKey: ['r'],
        queryFn: async (): Promise<string> => {
          throw unauthorized();
        },
      })
      .catch(() => {});
    await vi.waitFor(() => expect(redirectToLogin).toHaveBeenCalledTimes(1));
  });

  it('goes to the login page when the server still refuses right after a session-confirmed refetch', async () => {
    const { client, hasSession, redirectToLogin } = setup(async () => true);
    const queryFn = vi.fn(async (): Promise<string> => {
      throw unauthorized();
    });
    await client.fetchQuery({ queryKey: ['s'], queryFn }).catch(() => {});
    await vi.waitFor(() => expect(redirectToLogin).toHaveBeenCalledTimes(1));
    expect(queryFn).toHaveBeenCalledTimes(2);
    expect(hasSession).toHaveBeenCalledTimes(1);
  });
});
