import { channelMention, userMention } from 'discord.js';
import { CASE_CATEGORIES, EXPOSURE_LOCATIONS } from '../../src/domain/types.js';
import { SUMMARY_MAX } from '../../src/domain/text-limits.js';
import { actorOf, answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { threadFailureText } from '../../src/messages/failure-texts.js';
import type { T } from '../../src/i18n/translate.js';
import { choice, localized } from '../localized.js';
import { INTERVIEW_CHANNEL_NEEDS, missingPermissionsIn } from '../../src/discord/permission-check.js';
import { openCase, type OpenCaseOutcome } from '../../src/services/case-opening.js';
import { choiceOption, requiredChoice } from '../options.js';
import { patternHint, relatedLines } from '../../src/messages/related-texts.js';
import type { Subcommand } from '../subcommand.js';

export const caseOpen: Subcommand = {
  name: 'open',
  key: 'commands.case.open',
  defer: 'ephemeral',
  build: (b) =>
    b
      .addUserOption((o) => localized(o, 'complainant', 'commands.case.open.complainant').setRequired(true))
      .addUserOption((o) => localized(o, 'accused', 'commands.case.open.accused').setRequired(true))
      .addStringOption((o) =>
        localized(o, 'category', 'commands.case.open.category')
          .setRequired(true)
          .addChoices(...CASE_CATEGORIES.map((c) => choice(`labels.categoryChoice.${c}`, c))),
      )
      .addStringOption((o) => localized(o, 'summary', 'commands.case.open.summary').setRequired(true).setMaxLength(SUMMARY_MAX))
      .addBooleanOption((o) => localized(o, 'real_life', 'commands.case.open.real_life'))
      .addBooleanOption((o) => localized(o, 'off_platform', 'commands.case.open.off_platform'))
      .addStringOption((o) =>
        localized(o, 'where', 'commands.case.open.where').addChoices(...EXPOSURE_LOCATIONS.map((l) => choice(`labels.exposureChoice.${l}`, l))),
      ),
  async execute(interaction, { deps, t }) {
    const complainant = interaction.options.getUser('complainant', true);
    const accused = interaction.options.getUser('accused', true);
    const result = await openCase(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      complainant: { id: complainant.id, isBot: complainant.bot },
      accused: { id: accused.id, isBot: accused.bot },
      category: requiredChoice(interaction, 'category', CASE_CATEGORIES),
      summary: interaction.options.getString('summary', true),
      realLife: interaction.options.getBoolean('real_life') ?? false,
      offPlatform: interaction.options.getBoolean('off_platform') ?? false,
      exposureLocation: choiceOption(interaction, 'where', EXPOSURE_LOCATIONS),
    });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const failed = result.value.threads.some((t) => t.status === 'failed');
    const missing = failed ? missingPermissionsIn(t, interaction.guild, result.value.interviewChannelId, INTERVIEW_CHANNEL_NEEDS) : null;
    await answer(interaction, { content: openedText(t, result.value, missing) });
  },
};

/** `missing`: the bot's missing permissions in the interview channel, when a thread failed and they are known. */
export function openedText(t: T, outcome: OpenCaseOutcome, missing: readonly string[] | null): string {
  const c = outcome.case;
  const lines = [t('caseOpen.opened', { number: c.number })];
  for (const th of outcome.threads) {
    const party = c.parties.find((p) => p.id === th.partyId);
    const who = { role: party ? t(`labels.roleInSentence.${party.role}`) : '', user: userMention(th.userId) };
    lines.push(
      th.status === 'opened'
        ? t('caseOpen.threadOpened', { ...who, thread: channelMention(th.threadId) })
        : th.status === 'queued'
          ? t('caseOpen.threadQueued', who)
          : t('caseOpen.threadFailed', who),
    );
  }
  if (outcome.threads.some((th) => th.status === 'queued')) lines.push('', t('caseOpen.queuedNote', { queued: t('common.queued') }));
  const failure = outcome.threads.find((th) => th.status === 'failed');
  if (failure?.status === 'failed') {
    lines.push('', t('caseOpen.failedNote', { failure: threadFailureText(t, failure.reason, missing) }), t('caseOpen.retryHint', { number: c.number }));
  }
  if (outcome.related.length > 0) {
    const hint = patternHint(t, outcome.related);
    lines.push('', t('caseOpen.relatedHeading'), ...(hint ? [hint] : []), ...relatedLines(t, outcome.related).slice(0, 8).map((l) => `- ${l}`));
    if (outcome.related.length > 8) lines.push(t('caseOpen.relatedMore', { count: outcome.related.length - 8, number: c.number }));
  }
  lines.push('', t('caseOpen.nextSteps'), t('caseOpen.stepSafechat', { number: c.number }), t('caseOpen.stepTalk'));
  if (c.category === 'personal_info_exposed') lines.push(t(c.exposureLocation === 'on_server' ? 'caseOpen.stepRemoveHere' : 'caseOpen.stepRemoveElsewhere'));
  if (outcome.suggestEscalation) lines.push(t('caseOpen.stepRealLife'));
  return lines.join('\n');
}
