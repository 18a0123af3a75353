import type { SafeChatTopic } from '../domain/types.js';

export type AdviceContext = { readonly communityName: string; readonly standardsUrl: string };

const SECTIONS: Record<SafeChatTopic, (ctx: AdviceContext) => string> = {
  self_help: () =>
    [
      '**Things you can do right now**',
      '- Block the person (right-click or long-press their name → Block): you stop seeing their messages and they cannot DM you.',
      '- Or mute them, if you would rather not block.',
      '- Change your server nickname (Server menu → Edit Server Profile) so you are harder to follow.',
      '- Spend time in other channels than the ones they use. These steps really do work in most cases.',
    ].join('\n'),
  off_platform: () =>
    [
      '**If it also happens in other apps**',
      'We cannot act outside this server. Most apps have a block or ignore feature: use it, and consider changing your name there too.',
    ].join('\n'),
  real_life: () =>
    [
      '**If it has reached your real life (mail, phone calls, your address)**',
      'Please contact your local police or authorities now; this is beyond what a chat community can handle.',
      'Until it is resolved, consider closing Discord and other chat apps. Your safety comes first.',
    ].join('\n'),
  personal_info: (ctx) =>
    [
      '**Keeping your details safe**',
      '- Do not share your address, phone number, photos or other personal details in chat, with anyone.',
      `- If something about you was posted on this server, tell the ${ctx.communityName} staff: we can remove it here.`,
      '- If it was posted on another site, only the people who run that site can remove it: contact them.',
      `- The community standards explain how to stay safe here: ${ctx.standardsUrl}`,
    ].join('\n'),
};

/** The safe-chat DM: a short greeting, then one section per topic, in order. */
export function safeChatAdvice(topics: readonly SafeChatTopic[], ctx: AdviceContext): string {
  const intro = `A moderator of ${ctx.communityName} asked us to send you some advice for chatting safely.`;
  const outro = 'If anything changes, or you feel unsafe, contact the moderation team.';
  return [intro, ...topics.map((t) => SECTIONS[t](ctx)), outro].join('\n\n');
}
