import { DAY_MS } from './durations.js';

/** Closed cases closed before this moment have outlived a policy of `retentionDays`. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}
