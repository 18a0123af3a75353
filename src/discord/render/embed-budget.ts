import { embedLength, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { T } from '../../i18n/translate.js';

/** Discord's limits: a field value holds 1,024 characters; all embeds of one message together 6,000. */
export const FIELD_MAX = 1024;
export const MESSAGE_EMBEDS_MAX = 6000;

/** A field made of lines, which may be cut to fit: "… and N more" says what did not. */
export type ListField = { readonly name: string; readonly lines: readonly string[]; readonly inline?: boolean };

/** An embed whose fields are either fixed or lists to fit. */
export type BudgetEmbed = Omit<APIEmbed, 'fields'> & { readonly fields: readonly (APIEmbedField | ListField)[] };

const isList = (f: APIEmbedField | ListField): f is ListField => 'lines' in f;

/** Up to `max` characters of lines, saying how many did not fit. */
export function fitLines(t: T, lines: readonly string[], max = FIELD_MAX): string {
  if (lines.length === 0) return t('common.none');
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const rest = t('common.andMore', { count: lines.length - i });
    const last = i === lines.length - 1;
    if (used + line.length + (last ? 0 : 1 + rest.length) > max) {
      out.push(rest);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join('\n');
}

const fixedLength = (e: BudgetEmbed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.author?.name.length ?? 0) +
  e.fields.reduce((sum, f) => sum + f.name.length + (isList(f) ? 0 : f.value.length), 0);

/**
 * Renders embeds that together stay within one message's 6,000 characters:
 * fixed parts are kept, and the list fields share what is left, each cut at
 * the same cap (the shortest lists are shown whole).
 */
export function fitEmbeds(t: T, embeds: readonly BudgetEmbed[], total = MESSAGE_EMBEDS_MAX): APIEmbed[] {
  const lists = embeds.flatMap((e) => e.fields.filter(isList));
  const natural = lists.map((f) => Math.min(FIELD_MAX, Math.max(4, f.lines.join('\n').length)));
  const budget = Math.max(0, total - embeds.reduce((sum, e) => sum + fixedLength(e), 0));
  let cap = FIELD_MAX;
  if (natural.reduce((a, b) => a + b, 0) > budget) {
    let low = 0;
    let high = FIELD_MAX;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (natural.reduce((sum, n) => sum + Math.min(n, mid), 0) <= budget) low = mid;
      else high = mid - 1;
    }
    cap = low;
  }
  return embeds.map((e) => ({
    ...e,
    fields: e.fields.map((f) => (isList(f) ? { name: f.name, value: fitLines(t, f.lines, Math.max(24, cap)), ...(f.inline ? { inline: true } : {}) } : f)),
  }));
}

/** All the characters Discord counts against the 6,000 of one message (discord.js's own count, per embed). */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  return embeds.reduce((sum, e) => sum + embedLength(e), 0);
}
