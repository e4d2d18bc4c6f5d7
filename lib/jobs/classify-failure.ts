/** How a job treats one failure. */
export type FailureVerdict = {
  /** Trying again later may help (throttling, 5xx, network, a bug fixed by a deploy, the database away). */
  isRetryable: boolean;
  /** Retryable and attempts are left: the job should throw so pg-boss retries it with backoff. */
  willRetry: boolean;
  /** The error's message, for last_error columns and logs (callers truncate to their column). */
  reason: string;
};

/**
 * The one retry policy of the worker's jobs. A failure is final only when the error says so with
 * `retryable: false` (a source's refusal: AdapterError from lib/connectors/types); anything else is retried
 * while attempts are left. Structural, so lib/jobs needs no import of the connectors.
 */
export function classifyFailure(error: unknown, options: { isFinalAttempt: boolean }): FailureVerdict {
  const isRetryable = !(
    typeof error === 'object' &&
    error !== null &&
    'retryable' in error &&
    (error as { retryable: unknown }).retryable === false
  );
  return {
    isRetryable,
    willRetry: isRetryable && !options.isFinalAttempt,
    reason: error instanceof Error ? error.message : String(error),
  };
}
