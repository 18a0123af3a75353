import type { SafeChatTopic } from '../domain/types.js';
import type { T } from '../i18n/translate.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../domain/durations.js';

/** At most `max` characters, an ellipsis marking a cut. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** "2026-11-25 14:03 UTC": a moment to the minute, the same for every reader. */
export const utcMinute = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A Discord timestamp: every reader sees it in their own time zone and language. */
export const discordTime = (date: Date, style: 't' | 'd' | 'f' | 'T' | 'R' = 'f'): string => `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

/** Safe-chat topics by name, in the reader's language. */
export const topicList = (t: T, topics: readonly SafeChatTopic[]): string => topics.map((topic) => t(`labels.topic.${topic}`)).join(t('common.listSeparator'));

/** Discord's limit on a message's content. */
export const MESSAGE_CONTENT_MAX = 2000;

/**
 * A text too long for one message, as several: cut between paragraphs when
 * it can, else between lines, else between words, else anywhere; each part
 * at most `max` characters, nothing lost. A text that fits is one part.
 */
export function splitMessage(text: string, max = MESSAGE_CONTENT_MAX): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const breaks = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')];
    // A paragraph or line break in the second half of the window, else any break, else a hard cut.
    const cut = breaks.find((i) => i > max / 2) ?? breaks.find((i) => i > 0) ?? max;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

/** "2 d 4 h", "3 h 20 min", "12 min" in the reader's words. */
export function duration(t: T, ms: number | null): string {
  if (ms === null) return t('common.none');
  if (ms >= DAY_MS) return t('stats.dh', { days: Math.floor(ms / DAY_MS), hours: Math.floor((ms % DAY_MS) / HOUR_MS) });
  if (ms >= HOUR_MS) return t('stats.hm', { hours: Math.floor(ms / HOUR_MS), minutes: Math.floor((ms % HOUR_MS) / MINUTE_MS) });
  return t('stats.m', { minutes: Math.round(ms / MINUTE_MS) });
}

