import type { z } from 'zod';
import type { Locale } from '@/lib/i18n/locales';
import { messagesOf } from '@/lib/i18n/translate';
import { type IssueFacts, issueFacts, translateKeyMessage } from '@/lib/i18n/zod-issues';

/** The closed list of error codes an API answer can carry, with the HTTP status each maps to. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A problem with one part of the request; `code` and `params` let a UI say it in its own language. */
export type ErrorIssue = { path: string; message: string } & IssueFacts;

/** The one error body every API answer uses. */
export type ErrorBody = {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[]; requestId?: string };
};

/**
 * An error whose message is safe to show to the caller. Anything else thrown becomes a generic `internal`
 * answer: driver and vendor messages never reach the client (anti-pattern 5).
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ErrorIssue[];

  constructor(code: ErrorCode, message: string, options: { issues?: ErrorIssue[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options.issues;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static fromZod(error: z.ZodError, where: 'params' | 'query' | 'body'): AppError {
    const issues = error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join('.'),
      message: i.message,
      ...issueFacts(i),
    }));
    return new AppError('validation_failed', `Invalid ${where}: ${issues.map((i) => i.path).join(', ')}`, {
      issues,
    });
  }
}

/**
 * Turns anything thrown into the status and body to send. Unknown errors never leak their message. A message
 * written as a message key (`errors:notFound.connector`, `validation:range.fromAfterTo`) is said in `locale`.
 */
export function toErrorResponse(
  error: unknown,
  requestId?: string,
  locale: Locale = 'en-US',
): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const messages = messagesOf(locale);
    const issues = error.issues?.map((i) => ({
      ...i,
      message: translateKeyMessage(messages, i.message) ?? i.message,
    }));
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: translateKeyMessage(messages, error.message) ?? error.message,
          ...(issues ? { issues } : {}),
          ...(requestId ? { requestId } : {}),
        },
      },
    };
  }
  return {
    status: 500,
    body: {
      error: { code: 'internal', message: 'Internal error', ...(requestId ? { requestId } : {}) },
    },
  };
}
