import type { Result } from './result.js';
import { fail, ok } from './result.js';
import type { PartyRole } from './types.js';

/**
 * Sides heard.
 *
 * The policy (docs/policy.md), P2: staff find out what happened by hearing
 * both people involved, each on their own, wherever they can be reached.
 *
 * A party's side is heard once at least one statement with non-blank text
 * is recorded for them. Only the principal parties (complainant and accused)
 * count: witnesses add context but are neither part of "of" nor of "heard".
 */
export const PRINCIPAL_ROLES = ['complainant', 'accused'] as const satisfies readonly PartyRole[];
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

export interface SideParty {
  readonly id: string;
  readonly role: PartyRole;
}

export interface SideStatement {
  readonly partyId: string;
  readonly text: string;
}

export interface SidesHeard {
  readonly heard: number;
  readonly of: number;
  /** Principal roles with at least one party whose side is missing, each once, complainant first. */
  readonly missing: PartyRole[];
}

const isPrincipal = (role: PartyRole): role is PrincipalRole => role === 'complainant' || role === 'accused';

/** Counts principal parties whose side is heard. Statements of unknown parties are ignored. */
export function sidesHeard(parties: readonly SideParty[], statements: readonly SideStatement[]): SidesHeard {
  const spoke = new Set(statements.filter((s) => s.text.trim().length > 0).map((s) => s.partyId));
  const principals = parties.filter((p) => isPrincipal(p.role));
  const unheard = principals.filter((p) => !spoke.has(p.id));
  return {
    heard: principals.length - unheard.length,
    of: principals.length,
    missing: PRINCIPAL_ROLES.filter((role) => unheard.some((p) => p.role === role)),
  };
}

export interface CloseCheck {
  readonly parties: readonly SideParty[];
  readonly statements: readonly SideStatement[];
  readonly oneSidedReason?: string;
}

/**
 * Closing a case with a principal side missing is allowed (P2: heard
 * wherever they can be reached; a party may refuse to talk or have left) but needs a non-blank reason, so
 * the record shows why only one side was heard.
 */
export function checkClose(input: CloseCheck): Result<{ oneSided: boolean }, 'one-sided-close-needs-reason'> {
  const { missing } = sidesHeard(input.parties, input.statements);
  if (missing.length === 0) return ok({ oneSided: false });
  if ((input.oneSidedReason ?? '').trim().length === 0) return fail('one-sided-close-needs-reason');
  return ok({ oneSided: true });
}
