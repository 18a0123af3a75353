import type { SafeChatTopic } from '../domain/types.js';
import type { T } from '../i18n/translate.js';

/** At most `max` characters, an ellipsis marking a cut. */
export const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** "2026-11-25 14:03 UTC": a moment to the minute, the same for every reader. */
export const utcMinute = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A Discord timestamp: every reader sees it in their own time zone and language. */
export const discordTime = (date: Date, style: 't' | 'd' | 'f' | 'T' | 'R' = 'f'): string => `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;

/** Safe-chat topics by name, in the reader's language. */
export const topicList = (t: T, topics: readonly SafeChatTopic[]): string => topics.map((topic) => t(`labels.topic.${topic}`)).join(t('common.listSeparator'));
