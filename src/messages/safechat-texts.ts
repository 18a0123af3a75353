import type { SafeChatTopic } from '../domain/types.js';
import type { T } from '../i18n/translate.js';

export type AdviceContext = { readonly communityName: string; readonly standardsUrl: string };

/** The safe-chat DM: a short greeting, then one section per topic, in order. The same words for every member. */
export function safeChatAdvice(t: T, topics: readonly SafeChatTopic[], ctx: AdviceContext): string {
  const section = (topic: SafeChatTopic): string =>
    topic === 'personal_info' ? t('safechat.personal_info', { community: ctx.communityName, standardsUrl: ctx.standardsUrl }) : t(`safechat.${topic}`);
  return [t('safechat.intro', { community: ctx.communityName }), ...topics.map(section), t('safechat.outro')].join('\n\n');
}
