import type { Result } from './result.js';
import { fail, ok } from './result.js';

/**
 * A moderator who is a party to a case (complainant, accused or witness)
 * cannot act on it.
 *
 * The policy (docs/policy.md), P3: staff never appear to take sides. A
 * moderator handling their own complaint, or one against them, is taking a
 * side by definition.
 */
export function checkRecusal(actorId: string, partyUserIds: readonly string[]): Result<void, 'actor-is-party'> {
  return partyUserIds.includes(actorId) ? fail('actor-is-party') : ok(undefined);
}
