const DAY_MS = 24 * 60 * 60 * 1000;

/** Closed cases closed before this moment have outlived a policy of `retentionDays`. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}
