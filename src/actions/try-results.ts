import type { DiscordFailureReason, DiscordOutcome } from '../ports.js';
import type { NotDone } from './types.js';

/** Only an outage is worth retrying; a refusal (permissions, a deleted channel, closed DMs) stays one. */
export const isTransient = (reason: DiscordFailureReason): boolean => reason === 'unavailable';

/** A Discord failure as a try result: retried later, or failed for good. */
export function failure(outcome: Extract<DiscordOutcome<unknown>, { ok: false }>): NotDone {
  return isTransient(outcome.reason)
    ? { status: 'retry', reason: outcome.reason, detail: outcome.detail }
    : { status: 'failed', reason: outcome.reason, detail: outcome.detail };
}
