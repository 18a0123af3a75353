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

export type TextProblem = 'text-required' | 'text-too-long';

/** A failed text check also says which field failed and its limit, so the command layer can say "Summary: at most 1000 characters". */
export type TextFail<F extends string> = Fail<TextProblem> & { readonly field: F; readonly max: number };
export type TextCheck<F extends string> = Ok<string> | TextFail<F>;

/**
 * Trims `text` and checks it is neither blank nor longer than `max`.
 * The value of a successful check is the trimmed text, which is what should
 * be stored.
 */
export function checkText<F extends string>(text: string, max: number, field: F): TextCheck<F> {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ...fail('text-required'), field, max };
  if (trimmed.length > max) return { ...fail('text-too-long'), field, max };
  return ok(trimmed);
}
