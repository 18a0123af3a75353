import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type ButtonInteraction } from 'discord.js';
import { component } from '../../src/discord/command.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { CHECK_IN_ANSWERS, type CheckInAnswer } from '../../src/domain/types.js';
import { DEFAULT_LANGUAGE } from '../../src/i18n/languages.js';
import { translator, type T } from '../../src/i18n/translate.js';
import { failureText } from '../../src/messages/failure-texts.js';
import { answerCheckIn, checkInAdvice } from '../../src/services/check-ins.js';
import type { ServiceDeps } from '../../src/services/deps.js';

/** A party reads the words of the check-in they answer: the server's language, as the check-in itself. */
async function serverWords(deps: ServiceDeps, guildId: string): Promise<T> {
  return translator((await deps.settings.forGuild(guildId).get())?.language ?? DEFAULT_LANGUAGE);
}

const privately = (interaction: ButtonInteraction, content: string, components: ActionRowBuilder<ButtonBuilder>[] = []) =>
  interaction.followUp({ content, components, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });

/**
 * A check-in's answer buttons, pressed in a DM or in the party's interview
 * thread. Only the member it was sent to can answer, once: the buttons then
 * leave the message, which keeps the answer. A press that is not theirs,
 * late or repeated changes nothing and is told why, privately.
 */
export const checkInAnswerButton = component({
  kind: 'button',
  customId: customIds.checkInAnswer,
  defer: 'update',
  stale: 'checkIn.stale',
  inDms: true,
  async execute(interaction, [guildId, checkInId, given], { deps }) {
    const answer = CHECK_IN_ANSWERS.find((a) => a === given) as CheckInAnswer;
    const t = await serverWords(deps, guildId);
    const result = await answerCheckIn(deps, { guildId, userId: interaction.user.id, checkInId, answer });
    if (!result.ok) {
      if (result.reason === 'check-in-answered') await interaction.editReply({ components: [] });
      // A closed case records nothing, but someone whose life is reached is still told what to do.
      const closed = result.reason === 'case-closed';
      const advice = closed && answer === 'real_life' ? await checkInAdvice(deps, { guildId, userId: interaction.user.id, checkInId, realLife: true }) : null;
      const text = closed ? t('checkIn.caseClosed') : failureText(t, result);
      await privately(interaction, advice?.ok ? `${text}\n\n${advice.value.advice}` : text);
      return;
    }
    await interaction.editReply({ content: `${interaction.message.content}\n\n${t('checkIn.yourAnswer', { answer: t(`checkIn.answer.${answer}`) })}`, components: [] });
    if (answer === 'better') await privately(interaction, t('checkIn.thanksBetter'));
    else if (answer === 'still') {
      const offer = new ButtonBuilder().setCustomId(customIds.checkInAdvice.build(guildId, checkInId)).setLabel(t('checkIn.showAdvice')).setStyle(ButtonStyle.Primary);
      await privately(interaction, t('checkIn.thanksStill'), [new ActionRowBuilder<ButtonBuilder>().addComponents(offer)]);
    } else await privately(interaction, `${t('checkIn.thanksRealLife')}\n\n${result.value.advice ?? ''}`);
  },
});

/** "Show me the self-help advice": offered after "Still happening", for the member who answered. */
export const checkInAdviceButton = component({
  kind: 'button',
  customId: customIds.checkInAdvice,
  defer: 'ephemeral',
  stale: 'checkIn.stale',
  inDms: true,
  async execute(interaction, [guildId, checkInId], { deps }) {
    const t = await serverWords(deps, guildId);
    const result = await checkInAdvice(deps, { guildId, userId: interaction.user.id, checkInId, realLife: false });
    await interaction.editReply({ content: result.ok ? result.value.advice : failureText(t, result), allowedMentions: { parse: [] } });
  },
});
