import type { Fail, Ok } from './result.js';
import { fail, ok } from './result.js';

/**
 * Central length limits for free text a moderator types into the bot.
 *
 * The numbers come from Discord, not from the moderation guide: a modal text
 * input holds 4,000 characters, a message 2,000, a thread name 100. Keeping
 * them here means a slash option's `max_length`, a modal's `maxLength` and
 * the service check can never disagree.
 *
 * Lengths are counted in UTF-16 code units (`string.length`), which is never
 * less than the number of characters Discord counts, so a text accepted here
 * always fits where Discord will put it.
 */
export const SUMMARY_MAX = 1000;
export const STATEMENT_MAX = 4000;
export const NOTE_MAX = 2000;
export const CLOSE_REASON_MAX = 1000;
export const ESCALATION_REASON_MAX = 1000;
export const THREAD_NAME_MAX = 100;

/** Every free-text field a moderator or member fills in; each has its name in the texts (src/messages/failure-texts.ts). */
export const TEXT_FIELDS = [
  'summary',
  'statement',
  'note',
  'reason',
  'one_sided_reason',
  'escalation_reason',
  'community_name',
  'what_happened',
  'since',
  'elsewhere',
  'real_life',
  'other',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export type TextProblem = 'text-required' | 'text-too-long';

/** A failed text check also says which field failed and its limit, so the command layer can say "Summary: at most 1000 characters". */
export type TextFail<F extends TextField> = Fail<TextProblem> & { readonly field: F; readonly max: number };
export type TextCheck<F extends TextField> = Ok<string> | TextFail<F>;

/**
 * Characters that show nothing: zero-width spaces and joiners, the word
 * joiner, the byte-order mark, soft hyphens, and the Hangul and Braille
 * fillers people paste to make a message look non-empty.
 */
const INVISIBLE = /\u034f|[\u00ad\u115f\u1160\u180e\u200b-\u200f\u2060-\u2064\u206a-\u206f\u2800\u3164\ufeff\uffa0]/g;

/** True when the text shows nothing at all once whitespace and invisible characters are set aside. */
export const isBlank = (text: string): boolean => text.replace(INVISIBLE, '').trim().length === 0;

/**
 * Trims `text` and checks it is neither blank (invisible characters count
 * as blank) nor longer than `max`. The value of a successful check is the
 * trimmed text, otherwise exactly as given, which is what should be stored.
 */
export function checkText<F extends TextField>(text: string, max: number, field: F): TextCheck<F> {
  const trimmed = text.trim();
  if (isBlank(trimmed)) return { ...fail('text-required'), field, max };
  if (trimmed.length > max) return { ...fail('text-too-long'), field, max };
  return ok(trimmed);
}
