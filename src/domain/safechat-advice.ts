import type { CaseCategory, SafeChatTopic } from './types.js';
import { SAFE_CHAT_TOPICS } from './types.js';

/**
 * Which safe-chat advice a chatter receives by DM.
 *
 * The policy (docs/policy.md):
 * - `self_help` (P4): block or mute, change nickname, use other channels;
 * - `off_platform` (P5): other apps are out of reach, their own block and
 *   rename features help;
 * - `real_life` (P6): contact the local authorities now;
 * - `personal_info` (P8, P9): keep personal details out of chat; goes into
 *   every advice DM.
 */
export const SAFE_CHAT_COOLDOWN_MS = 600_000;

/** Topics always sent along with any other. */
export const ALWAYS_INCLUDED_TOPICS: readonly SafeChatTopic[] = ['personal_info'];

export interface SafeChatFlags {
  readonly realLife: boolean;
  readonly offPlatform: boolean;
  readonly category?: CaseCategory;
}

/** Puts topics in the fixed order self_help, off_platform, real_life, personal_info, each once. */
export function orderTopics(topics: readonly SafeChatTopic[]): SafeChatTopic[] {
  return SAFE_CHAT_TOPICS.filter((t) => topics.includes(t));
}

/** What a moderator asks for: the advice that fits (no topic picked), all of it, or one topic. */
export type TopicRequest = 'fitting' | 'all' | SafeChatTopic;

/**
 * The topics for a request. `'fitting'` (the default) is everything but the
 * real-life part, which goes only to a party of a case that has reached real
 * life (P6): a party of an ordinary case is not told to call the police.
 * `'all'` gives every topic; a single topic gives that topic and
 * `personal_info`. An explicit choice is the moderator's: the case flags
 * never add or remove topics from it.
 */
export function selectTopics(request: TopicRequest, flags?: SafeChatFlags): SafeChatTopic[] {
  if (request === 'fitting') return SAFE_CHAT_TOPICS.filter((t) => t !== 'real_life' || flags?.realLife === true);
  if (request === 'all') return [...SAFE_CHAT_TOPICS];
  return orderTopics([request, ...ALWAYS_INCLUDED_TOPICS]);
}

export interface RecentDelivery {
  readonly topic: SafeChatTopic;
  readonly sentAt: Date;
}

/**
 * Avoids DMing the same advice to the same user twice in a row (two
 * moderators on the same case, a double click). A topic successfully
 * delivered to the user less than {@link SAFE_CHAT_COOLDOWN_MS} ago is
 * skipped, unless `force`. At exactly 10 minutes it is sent again. A
 * delivery dated in the future (clock skew) counts as recent.
 *
 * `recent` holds only successful deliveries to this user. Both lists come
 * back in the fixed topic order; `send` may be empty.
 */
export function topicsToSend(
  topics: readonly SafeChatTopic[],
  recent: readonly RecentDelivery[],
  now: Date,
  force: boolean,
): { send: SafeChatTopic[]; skipped: SafeChatTopic[] } {
  const wanted = orderTopics(topics);
  if (force) return { send: wanted, skipped: [] };
  const isRecent = (topic: SafeChatTopic): boolean =>
    recent.some((d) => d.topic === topic && now.getTime() - d.sentAt.getTime() < SAFE_CHAT_COOLDOWN_MS);
  return { send: wanted.filter((t) => !isRecent(t)), skipped: wanted.filter(isRecent) };
}
