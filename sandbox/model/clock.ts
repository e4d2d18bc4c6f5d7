/**
 * The sandbox's notion of "now". Tests advance it to expire tokens, codes and download URLs, or to pass
 * the 15 s revoke rule, without sleeping. Timers (ack timeouts, retries) still use real time.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): number {
    this.offsetMs += ms;
    return this.now();
  }
}

/** `"2022-08-31T11:52Z"`: UTC, minute precision, the workflow API's time format (§0.1). */
export function dingMinuteTime(ms: number | undefined): string {
  if (ms === undefined) return '';
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/** Yida's `*TimeGMT` fields: ISO-8601 UTC with seconds. */
export function yidaGmt(ms: number | undefined): string {
  if (ms === undefined) return '';
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function monthKey(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 7);
}
