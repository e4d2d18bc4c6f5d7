import { headers } from 'next/headers';

/**
 * One header of the request being rendered, or null outside a request (headers() throws there, e.g. when a test
 * renders a page in-process), like getLocale() reads its cookie.
 */
export async function requestHeader(name: string): Promise<string | null> {
  try {
    return (await headers()).get(name);
  } catch {
    return null;
  }
}

/** The request's headers, or none outside a request (as `requestHeader`). */
export async function requestHeaders(): Promise<{ get(name: string): string | null }> {
  try {
    return await headers();
  } catch {
    return new Headers();
  }
}
