import { channelMention } from 'discord.js';
import { ESCALATION_REASON_PRESETS } from '../../src/domain/escalation-policy.js';
import { ESCALATION_REASON_MAX } from '../../src/domain/text-limits.js';
import { URGENCIES } from '../../src/domain/types.js';
import { actorOf, answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { owedFailureText } from '../../src/messages/failure-texts.js';
import { choice, localized } from '../localized.js';
import { escalate } from '../../src/services/escalation.js';
import type { Subcommand } from '../subcommand.js';
import { acknowledgeButton } from './acknowledge-button.js';
import { caseNumberOption, choiceOption } from '../options.js';

export const caseEscalate: Subcommand = {
  name: 'escalate',
  key: 'commands.case.escalate',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b)
      .addStringOption((o) =>
        localized(o, 'reason', 'commands.case.escalate.reason').setRequired(true).setMaxLength(ESCALATION_REASON_MAX).setAutocomplete(true),
      )
      .addStringOption((o) => localized(o, 'urgency', 'commands.case.escalate.urgency').addChoices(...URGENCIES.map((u) => choice(`labels.urgency.${u}`, u)))),
  async autocomplete(interaction, { t }) {
    const typed = interaction.options.getFocused().trim().toLowerCase();
    const presets = ESCALATION_REASON_PRESETS.map((p) => t(`labels.escalationPreset.${p}`));
    const matching = presets.filter((p) => p.toLowerCase().includes(typed));
    const choices = typed !== '' && !presets.some((p) => p.toLowerCase() === typed) ? [interaction.options.getFocused().slice(0, 100), ...matching] : matching;
    await interaction.respond(choices.slice(0, 25).map((c) => ({ name: c, value: c })));
  },
  async execute(interaction, { deps, t }) {
    const result = await escalate(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      caseNumber: interaction.options.getInteger('case', true),
      reason: interaction.options.getString('reason', true),
      urgency: choiceOption(interaction, 'urgency', URGENCIES) ?? 'normal',
    });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { caseNumber, notice } = result.value;
    await answer(interaction, {
      content:
        notice.status === 'posted'
          ? t('caseEscalate.posted', { number: caseNumber, channel: channelMention(notice.channelId) })
          : notice.status === 'queued'
            ? t('caseEscalate.queued', { number: caseNumber, queued: t('common.queued') })
            : t('caseEscalate.failed', { number: caseNumber, failure: owedFailureText(t, notice.reason, t('where.escalationChannel')) }),
    });
  },
  // The Acknowledge button under the escalation post.
  components: [acknowledgeButton],
};
