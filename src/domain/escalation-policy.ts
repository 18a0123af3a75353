import type { Result } from './result.js';
import { fail } from './result.js';
import { ESCALATION_REASON_MAX, checkText } from './text-limits.js';

/**
 * When to involve administration.
 *
 * The policy (docs/policy.md), P6 and P7, gives three reasons, offered as
 * presets: the complaint looks genuine (`legitimate_complaint`), it has
 * reached someone's real life (`real_life_contact`), or the moderator is
 * uneasy about it (`moderator_uncomfortable`).
 */
export const ESCALATION_REASON_PRESETS = ['legitimate_complaint', 'real_life_contact', 'moderator_uncomfortable'] as const;
export type EscalationReasonPreset = (typeof ESCALATION_REASON_PRESETS)[number];

export interface EscalationSuggestion {
  readonly suggested: boolean;
  readonly because: 'real_life_contact'[];
}

/**
 * Whether the bot should suggest escalating now. It does so as soon as the
 * situation has moved into real life (mail, phone, visits), whatever the
 * category. It is only a suggestion: escalation itself is always available
 * to staff, whether or not it is suggested.
 */
export function escalationSuggestion(input: { realLife: boolean }): EscalationSuggestion {
  return input.realLife ? { suggested: true, because: ['real_life_contact'] } : { suggested: false, because: [] };
}

/** An escalation needs a reason the admins can read: trimmed, non-blank, at most {@link ESCALATION_REASON_MAX} characters. */
export function validateEscalationReason(text: string): Result<string, 'reason-required' | 'reason-too-long'> {
  const checked = checkText(text, ESCALATION_REASON_MAX, 'escalation_reason');
  if (checked.ok) return checked;
  return fail(checked.reason === 'text-required' ? 'reason-required' : 'reason-too-long');
}
