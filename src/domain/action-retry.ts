/**
 * When the Discord work a change owes is tried again. Pure: the runner
 * (src/actions/runner.ts) asks, and the tests can read the whole schedule.
 *
 * A transient failure (Discord unavailable, a timeout, a 5xx, a rate limit
 * that did not clear, the database gone for a moment) is retried with an
 * exponential backoff: 1 s, 2 s, 4 s ... up to 15 minutes between tries,
 * 20 tries in all (a little over three hours). A refusal that retrying cannot
 * change (a missing permission, a deleted channel, closed DMs) ends the
 * action at once as failed, and that is recorded on the case.
 */
export const MAX_ATTEMPTS = 20;
const FIRST_DELAY_MS = 1_000;
const LONGEST_DELAY_MS = 15 * 60_000;

/** Milliseconds to wait after the `attempts`-th failed try (1 = the first). */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(FIRST_DELAY_MS * 2 ** exponent, LONGEST_DELAY_MS);
}

/** Whether another try is allowed after `attempts` tries. */
export const mayRetry = (attempts: number): boolean => attempts < MAX_ATTEMPTS;
