import type { Result } from './result.js';
import { fail, ok } from './result.js';
import { checkRecusal } from './recusal.js';
import { THREAD_NAME_MAX } from './text-limits.js';
import type { PartyRole } from './types.js';

/**
 * Who may be a party to a case.
 *
 * The policy (docs/policy.md), P2 and P3: a case has two distinct people, a
 * complainant and an accused, each someone staff can talk to (not a bot);
 * a moderator who is one of them cannot run the case, or they would be
 * taking a side.
 */
export interface NewCaseParties {
  readonly complainantId: string;
  readonly accusedId: string;
  readonly actorId: string;
  readonly complainantIsBot: boolean;
  readonly accusedIsBot: boolean;
}

/** Checked in this order: `same-user`, `party-is-bot`, `actor-is-party`. */
export function validateNewCaseParties(
  input: NewCaseParties,
): Result<void, 'same-user' | 'party-is-bot' | 'actor-is-party'> {
  if (input.complainantId === input.accusedId) return fail('same-user');
  if (input.complainantIsBot || input.accusedIsBot) return fail('party-is-bot');
  return checkRecusal(input.actorId, [input.complainantId, input.accusedId]);
}

export interface ExistingParty {
  readonly userId: string;
  readonly role: PartyRole;
}

export interface AddedParty {
  readonly userId: string;
  readonly isBot: boolean;
  readonly actorId: string;
  readonly existingParties: readonly ExistingParty[];
  readonly requestedRole?: PartyRole;
}

/**
 * Adding a person to an existing case, e.g. before recording their side.
 *
 * - A bot cannot be a party: `party-is-bot`.
 * - The actor may not add themselves, nor act on a case they are already a
 *   party to: `actor-is-party`.
 * - Someone already on the case keeps their role (`requestedRole` is
 *   ignored); the caller records a further side for them.
 * - Someone new joins with `requestedRole`, by default as a witness.
 */
export function validateAddedParty(
  input: AddedParty,
): Result<{ existing: boolean; role: PartyRole }, 'party-is-bot' | 'actor-is-party'> {
  if (input.isBot) return fail('party-is-bot');
  const recusal = checkRecusal(input.actorId, [input.userId, ...input.existingParties.map((p) => p.userId)]);
  if (!recusal.ok) return recusal;
  const existing = input.existingParties.find((p) => p.userId === input.userId);
  if (existing) return ok({ existing: true, role: existing.role });
  return ok({ existing: false, role: input.requestedRole ?? 'witness' });
}

/**
 * The name of a party's private interview thread, e.g. `case-12-interview-1`.
 *
 * It carries no user names or roles: thread names show up in staff channel
 * lists and notifications, and naming the "accused" there would look like
 * taking sides. Every party's thread reads the same apart from its position.
 * At most {@link THREAD_NAME_MAX} characters (Discord's limit).
 */
export function neutralThreadName(
  caseNumber: number,
  position: number,
  /** The words of the server's language around the two numbers (`case-12-interview-1` in English). */
  format: (caseNumber: number, position: number) => string = (n, p) => `case-${n}-interview-${p}`,
): string {
  return format(caseNumber, position).slice(0, THREAD_NAME_MAX);
}
