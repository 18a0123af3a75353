import { channelMention } from 'discord.js';
import { ESCALATION_REASON_PRESETS } from '../../src/domain/escalation-policy.js';
import { ESCALATION_REASON_MAX } from '../../src/domain/text-limits.js';
import { URGENCIES } from '../../src/domain/types.js';
import { actorOf, answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { ESCALATION_PRESET_TEXT, URGENCY_LABELS } from '../../src/messages/labels.js';
import { owedFailureText, QUEUED_TEXT } from '../../src/messages/failure-texts.js';
import { escalate } from '../../src/services/escalation.js';
import type { Subcommand } from '../subcommand.js';
import { acknowledgeButton } from './acknowledge-button.js';
import { caseNumberOption, choiceOption } from '../options.js';

export const caseEscalate: Subcommand = {
  name: 'escalate',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b.setDescription('Call the admins in. Any time, for any reason: when in doubt, escalate.'))
      .addStringOption((o) =>
        o
          .setName('reason')
          .setDescription('Pick a suggestion or type your own')
          .setRequired(true)
          .setMaxLength(ESCALATION_REASON_MAX)
          .setAutocomplete(true),
      )
      .addStringOption((o) =>
        o
          .setName('urgency')
          .setDescription('Default: normal')
          .addChoices(...URGENCIES.map((u) => ({ name: URGENCY_LABELS[u], value: u }))),
      ),
  async autocomplete(interaction) {
    const typed = interaction.options.getFocused().trim().toLowerCase();
    const presets = ESCALATION_REASON_PRESETS.map((p) => ESCALATION_PRESET_TEXT[p]);
    const matching = presets.filter((p) => p.toLowerCase().includes(typed));
    const choices = typed !== '' && !presets.some((p) => p.toLowerCase() === typed) ? [interaction.options.getFocused().slice(0, 100), ...matching] : matching;
    await interaction.respond(choices.slice(0, 25).map((c) => ({ name: c, value: c })));
  },
  async execute(interaction, { deps }) {
    const result = await escalate(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      caseNumber: interaction.options.getInteger('case', true),
      reason: interaction.options.getString('reason', true),
      urgency: choiceOption(interaction, 'urgency', URGENCIES) ?? 'normal',
    });
    if (!result.ok) return answerRefusal(interaction, result);
    const { caseNumber, notice } = result.value;
    await answer(interaction, {
      content:
        notice.status === 'posted'
          ? `Case #${caseNumber} is escalated. The admins were pinged in ${channelMention(notice.channelId)}.`
          : notice.status === 'queued'
            ? `Case #${caseNumber} is escalated and recorded. The post pinging the admins: ${QUEUED_TEXT} If it is urgent, tell an admin directly too.`
            : `Case #${caseNumber} is escalated and recorded, but the admins could not be pinged: ${owedFailureText(notice.reason, 'the escalation channel')} Please tell an admin directly, and check the bot's permissions there (View Channel, Send Messages, Embed Links).`,
    });
  },
  // The Acknowledge button under the escalation post.
  components: [acknowledgeButton],
};
