import type { IssueFacts } from '@/lib/i18n/zod-issues';

/** One issue of a 400: where, zod's (or the rule's) message, and the facts to say it in the UI language. */
export type ApiIssue = { path: string; message: string } & IssueFacts;

/** An API failure as components see it: the envelope's code and message, plus the HTTP status. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues?: ApiIssue[];

  constructor(status: number, code: string, message: string, issues?: ApiIssue[]) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** fetch + JSON + the error envelope → ApiError. Used by every react-query hook. */
export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const response = await fetch(path, {
    ...rest,
    headers: {
      accept: 'application/json',
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; issues?: [] } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? response.statusText,
      error?.issues,
    );
  }
  return body as T;
}
