import { CaseStateConflict } from '../domain/lifecycle.js';
import { ok, type Ok } from '../domain/result.js';
import type { TextField, TextProblem } from '../domain/text-limits.js';
import type { SafeChatTopic } from '../domain/types.js';

/** Every expected reason a use case can refuse for; the command layer words each one. */
export const FAILURE_REASONS = [
  'not-configured',
  'not-staff',
  'not-admin',
  'not-manager',
  'case-not-found',
  'case-closed',
  'not-escalated',
  'actor-is-party',
  'same-user',
  'party-is-bot',
  'text-required',
  'text-too-long',
  'exposure-location-required',
  'one-sided-close-needs-reason',
  'reason-required',
  'reason-too-long',
  'escalation-not-found',
  'already-acknowledged',
  'recently-sent',
  'target-is-bot',
  'not-an-interview-thread',
  'not-the-party-message',
  'invalid-url',
  'report-self',
  'report-bot',
  'report-rate-limited',
  'report-not-found',
  'report-already-handled',
  'invalid-retention',
  'invalid-reminder-hours',
  'invalid-stale-days',
  'invalid-followup-days',
  'party-not-in-case',
  'check-in-not-found',
  'check-in-not-yours',
  'check-in-answered',
  'evidence-too-large',
  'evidence-unreadable',
  'evidence-link-invalid',
  'no-case-log-channel',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** The failures that carry data of their own, and exactly that data. */
type FailureData = {
  readonly 'text-required': { readonly field: TextField };
  readonly 'text-too-long': { readonly field: TextField; readonly max: number };
  readonly 'evidence-too-large': { readonly max: number };
  /** The topics that were skipped. */
  readonly 'recently-sent': { readonly topics: readonly SafeChatTopic[] };
  /** When another report may be sent. */
  readonly 'report-rate-limited': { readonly until: Date };
};
type ReasonWithData = keyof FailureData;
type PlainReason = Exclude<FailureReason, ReasonWithData>;

/** A refusal: its reason, and for some reasons the data their text needs. */
export type ServiceFail =
  | { readonly [R in PlainReason]: { readonly ok: false; readonly reason: R } }[PlainReason]
  | { readonly [R in ReasonWithData]: { readonly ok: false; readonly reason: R } & FailureData[R] }[ReasonWithData];

export type ServiceResult<T> = Ok<T> | ServiceFail;

export function refuse(reason: PlainReason): ServiceFail;
export function refuse<R extends ReasonWithData>(reason: R, data: FailureData[R]): ServiceFail;
export function refuse(reason: FailureReason, data: object = {}): ServiceFail {
  return { ok: false, reason, ...data } as ServiceFail;
}

/** A failed text check as a refusal. */
export const refuseText = (failed: { readonly reason: TextProblem; readonly field: TextField; readonly max: number }): ServiceFail =>
  failed.reason === 'text-required' ? refuse('text-required', { field: failed.field }) : refuse('text-too-long', { field: failed.field, max: failed.max });

/**
 * Runs a repository write that re-checks the case under its lock: when the
 * case changed since the command's checks (closed a moment ago), nothing was
 * saved and the refusal is the same one the checks would have given.
 */
export async function unlessCaseChanged<T>(write: () => Promise<T>): Promise<ServiceResult<T>> {
  try {
    return ok(await write());
  } catch (error) {
    if (error instanceof CaseStateConflict) return refuse(error.reason);
    throw error;
  }
}
