/**
 * The waits pg-boss 10 puts between attempts of a job with `retryBackoff` (its `failJobs` plan): before retry
 * n+1 (n = 0 … retryLimit − 1) it waits `retryDelay × 2^n × (1 + random())` seconds. Used to document and
 * test that a webhook delivery is retried for about a day.
 */
export function retrySchedule(options: { retryLimit: number; retryDelay: number }): {
  /** Per retry: the shortest and longest wait, in seconds. */
  waits: { min: number; max: number }[];
  /** From the first attempt to the last: shortest, average and longest, in seconds. */
  total: { min: number; mean: number; max: number };
} {
  const waits = Array.from({ length: options.retryLimit }, (_, n) => {
    const base = options.retryDelay * 2 ** Math.min(16, n);
    return { min: base, max: 2 * base };
  });
  const min = waits.reduce((sum, w) => sum + w.min, 0);
  const max = waits.reduce((sum, w) => sum + w.max, 0);
  return { waits, total: { min, mean: (min + max) / 2, max } };
}
