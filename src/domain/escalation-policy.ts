import type { Result } from './result.js';
import { fail } from './result.js';
import { ESCALATION_REASON_MAX, checkText } from './text-limits.js';
import type { CaseCategory } from './types.js';

/**
 * When to involve administration.
 *
 * From the moderation guide:
 * - "If it appears the charges are legitimate please let [an admin] know
 *   immediately" → `legitimate_complaint`;
 * - "If at any time a chatter mentions the situation has followed them into
 *   their real life via mail, phone, etc." → `real_life_contact`;
 * - "call them when YOU feel uncomfortable with the situation. Never be
 *   afraid to message an administrator" → `moderator_uncomfortable`.
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
export function escalationSuggestion(input: { realLife: boolean; category: CaseCategory }): EscalationSuggestion {
  return input.realLife ? { suggested: true, because: ['real_life_contact'] } : { suggested: false, because: [] };
}

/** An escalation needs a reason the admins can read: trimmed, non-blank, at most {@link ESCALATION_REASON_MAX} characters. */
export function validateEscalationReason(text: string): Result<string, 'reason-required' | 'reason-too-long'> {
  const checked = checkText(text, ESCALATION_REASON_MAX, 'escalation_reason');
  if (checked.ok) return checked;
  return fail(checked.reason === 'text-required' ? 'reason-required' : 'reason-too-long');
}
