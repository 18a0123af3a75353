import { CaseStateConflict } from '../domain/lifecycle.js';
import { ok, type Ok } from '../domain/result.js';

/** Every expected reason a use case can refuse for; the command layer words each one. */
export type FailureReason =
  | 'not-configured'
  | 'not-staff'
  | 'not-admin'
  | 'not-manager'
  | 'case-not-found'
  | 'case-closed'
  | 'not-escalated'
  | 'actor-is-party'
  | 'same-user'
  | 'party-is-bot'
  | 'text-required'
  | 'text-too-long'
  | 'exposure-location-required'
  | 'one-sided-close-needs-reason'
  | 'reason-required'
  | 'reason-too-long'
  | 'escalation-not-found'
  | 'already-acknowledged'
  | 'recently-sent'
  | 'target-is-bot'
  | 'not-an-interview-thread'
  | 'not-the-party-message'
  | 'invalid-url'
  | 'report-self'
  | 'report-bot'
  | 'report-rate-limited'
  | 'report-not-found'
  | 'report-already-handled'
  | 'invalid-retention'
  | 'evidence-too-large'
  | 'evidence-unreadable'
  | 'evidence-link-invalid'
  | 'no-case-log-channel';

export type ServiceFail = {
  readonly ok: false;
  readonly reason: FailureReason;
  /** For text problems: which field and its limit. */
  readonly field?: string;
  readonly max?: number;
  /** For recently-sent: the topics that were skipped. */
  readonly topics?: readonly string[];
  /** For report-rate-limited: when another report may be sent. */
  readonly until?: Date;
};

export type ServiceResult<T> = Ok<T> | ServiceFail;

export const refuse = (reason: FailureReason, extra: Omit<ServiceFail, 'ok' | 'reason'> = {}): ServiceFail => ({
  ok: false,
  reason,
  ...extra,
});

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
