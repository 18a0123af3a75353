import type { Result } from './result.js';
import { fail, ok } from './result.js';
import type { ActorRank, CaseStatus } from './types.js';

/**
 * The case lifecycle as an explicit state machine.
 *
 * The policy (docs/policy.md):
 * - P2, both sides heard: recording a side moves an open case to
 *   `interviewing`.
 * - P7, administration called whenever unsure: staff may escalate at any
 *   time before closing, and escalate an escalated case again; admins (the
 *   escalation role) acknowledge an escalation.
 *
 * Nothing changes on a closed case. The
 * record can still be read out (transcript, evidence check) at any time,
 * and an admin can export it or put it on legal hold at any time.
 */
export const CASE_ACTIONS = [
  'record_side',
  'add_party',
  'escalate',
  'acknowledge_escalation',
  'add_note',
  'send_safechat',
  'close',
  'add_evidence',
  'record_transcript',
  'verify_evidence',
  'export',
  'set_hold',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The lowest rank that may perform an allowed transition. Members never act on cases. */
export type RequiredRank = Exclude<ActorRank, 'member'>;

/** Why a (status, action) pair is not allowed, whatever the actor's rank. */
export type StatusRefusal = 'case-closed' | 'not-escalated';

export type Transition =
  | { readonly allowed: true; readonly next: CaseStatus; readonly minRank: RequiredRank }
  | { readonly allowed: false; readonly reason: StatusRefusal };

export type DecideFailure = 'case-closed' | 'not-staff' | 'not-admin' | 'not-escalated';

const allow = (next: CaseStatus, minRank: RequiredRank = 'staff'): Transition => ({ allowed: true, next, minRank });
const refuse = (reason: StatusRefusal): Transition => ({ allowed: false, reason });

/**
 * Every (status, action) pair. Statuses that an action leaves unchanged are
 * written out so that the table alone answers "what happens next".
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, Readonly<Record<CaseAction, Transition>>>> = {
  open: {
    record_side: allow('interviewing'),
    add_party: allow('open'),
    escalate: allow('escalated'),
    acknowledge_escalation: refuse('not-escalated'),
    add_note: allow('open'),
    send_safechat: allow('open'),
    close: allow('closed'),
    add_evidence: allow('open'),
    record_transcript: allow('open'),
    verify_evidence: allow('open'),
    export: allow('open', 'admin'),
    set_hold: allow('open', 'admin'),
  },
  interviewing: {
    record_side: allow('interviewing'),
    add_party: allow('interviewing'),
    escalate: allow('escalated'),
    acknowledge_escalation: refuse('not-escalated'),
    add_note: allow('interviewing'),
    send_safechat: allow('interviewing'),
    close: allow('closed'),
    add_evidence: allow('interviewing'),
    record_transcript: allow('interviewing'),
    verify_evidence: allow('interviewing'),
    export: allow('interviewing', 'admin'),
    set_hold: allow('interviewing', 'admin'),
  },
  escalated: {
    record_side: allow('escalated'),
    add_party: allow('escalated'),
    escalate: allow('escalated'),
    acknowledge_escalation: allow('escalated', 'admin'),
    add_note: allow('escalated'),
    send_safechat: allow('escalated'),
    close: allow('closed'),
    add_evidence: allow('escalated'),
    record_transcript: allow('escalated'),
    verify_evidence: allow('escalated'),
    export: allow('escalated', 'admin'),
    set_hold: allow('escalated', 'admin'),
  },
  closed: {
    record_side: refuse('case-closed'),
    add_party: refuse('case-closed'),
    escalate: refuse('case-closed'),
    acknowledge_escalation: refuse('case-closed'),
    add_note: refuse('case-closed'),
    send_safechat: refuse('case-closed'),
    close: refuse('case-closed'),
    add_evidence: refuse('case-closed'),
    record_transcript: allow('closed'),
    verify_evidence: allow('closed'),
    export: allow('closed', 'admin'),
    set_hold: allow('closed', 'admin'),
  },
};

/**
 * May an actor of `rank` perform `action` on a case in `status`, and what is
 * the status afterwards?
 *
 * Order of checks:
 * 1. a member (neither staff nor admin) always gets `not-staff`, so someone
 *    outside staff learns nothing about the case's state;
 * 2. the status: `case-closed` or `not-escalated`;
 * 3. the rank the transition needs: `not-admin`.
 */
export function decide(
  status: CaseStatus,
  action: CaseAction,
  rank: ActorRank,
): Result<{ next: CaseStatus }, DecideFailure> {
  if (rank === 'member') return fail('not-staff');
  const transition = TRANSITIONS[status][action];
  if (!transition.allowed) return fail(transition.reason);
  if (transition.minRank === 'admin' && rank !== 'admin') return fail('not-admin');
  return ok({ next: transition.next });
}

/**
 * The status check alone, for the transaction that makes the change: the
 * repository runs it on the case row it has just locked, so the decision
 * and the write see the same status (the actor's rank was checked before,
 * and does not change with the case).
 */
export function nextStatus(status: CaseStatus, action: CaseAction): Result<{ next: CaseStatus }, StatusRefusal> {
  const transition = TRANSITIONS[status][action];
  return transition.allowed ? ok({ next: transition.next }) : fail(transition.reason);
}

/**
 * Thrown by a repository when the case changed between the command's
 * checks and its transaction (closed a moment ago by another moderator,
 * say): the transaction is rolled back, nothing is saved, and the service
 * answers with the reason as it would have before.
 */
export class CaseStateConflict extends Error {
  override readonly name = 'CaseStateConflict';

  constructor(readonly reason: StatusRefusal) {
    super(`the case no longer allows this: ${reason}`);
  }
}
