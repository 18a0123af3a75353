import type { Result } from './result.js';
import { fail, ok } from './result.js';
import type { ActorRank, CaseStatus } from './types.js';

/**
 * The case lifecycle as an explicit state machine.
 *
 * From the moderation guide:
 * - "talk to both parties involved if possible" / "get each side of the
 *   story": recording a side moves an open case to `interviewing`.
 * - "If it appears the charges are legitimate please let [an admin] know
 *   immediately" and "Never be afraid to message an administrator, even when
 *   in doubt": staff may escalate at any time before closing, and may
 *   escalate again an already escalated case.
 * - "When to Involve Administration": admins (the escalation role)
 *   acknowledge an escalation, and only admins reopen a closed case.
 *
 * Nothing happens on a closed case except an admin reopening it.
 */
export const CASE_ACTIONS = [
  'record_side',
  'add_party',
  'escalate',
  'acknowledge_escalation',
  'add_note',
  'send_safechat',
  'close',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The lowest rank that may perform an allowed transition. Members never act on cases. */
export type RequiredRank = Exclude<ActorRank, 'member'>;

/** Why a (status, action) pair is not allowed, whatever the actor's rank. */
export type StatusRefusal = 'case-closed' | 'not-escalated' | 'not-closed';

export type Transition =
  | { readonly allowed: true; readonly next: CaseStatus; readonly minRank: RequiredRank }
  | { readonly allowed: false; readonly reason: StatusRefusal };

export type DecideFailure = 'case-closed' | 'not-staff' | 'not-admin' | 'not-escalated' | 'not-closed';

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
    reopen: refuse('not-closed'),
  },
  interviewing: {
    record_side: allow('interviewing'),
    add_party: allow('interviewing'),
    escalate: allow('escalated'),
    acknowledge_escalation: refuse('not-escalated'),
    add_note: allow('interviewing'),
    send_safechat: allow('interviewing'),
    close: allow('closed'),
    reopen: refuse('not-closed'),
  },
  escalated: {
    record_side: allow('escalated'),
    add_party: allow('escalated'),
    escalate: allow('escalated'),
    acknowledge_escalation: allow('escalated', 'admin'),
    add_note: allow('escalated'),
    send_safechat: allow('escalated'),
    close: allow('closed'),
    reopen: refuse('not-closed'),
  },
  closed: {
    record_side: refuse('case-closed'),
    add_party: refuse('case-closed'),
    escalate: refuse('case-closed'),
    acknowledge_escalation: refuse('case-closed'),
    add_note: refuse('case-closed'),
    send_safechat: refuse('case-closed'),
    close: refuse('case-closed'),
    reopen: allow('open', 'admin'),
  },
};

/**
 * May an actor of `rank` perform `action` on a case in `status`, and what is
 * the status afterwards?
 *
 * Order of checks:
 * 1. a member (neither staff nor admin) always gets `not-staff`, so someone
 *    outside staff learns nothing about the case's state;
 * 2. the status: `case-closed`, `not-escalated` or `not-closed`;
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
