import type { ButtonHandler } from '../../src/discord/command.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { actorOf, answer } from '../../src/discord/interaction-helpers.js';
import { acknowledgeRow, markAcknowledged } from '../../src/discord/render/escalation-notice.js';
import { failureText } from '../../src/messages/failure-texts.js';
import { acknowledgeEscalation } from '../../src/services/escalation.js';

/** The Acknowledge button under an escalation: admin role only, once. */
export const acknowledgeButton: ButtonHandler = {
  kind: 'button',
  prefix: customIds.acknowledge.prefix,
  async execute(interaction, { deps }) {
    const args = customIds.acknowledge.parse(interaction.customId);
    if (!args) {
      await answer(interaction, { content: 'This button is no longer valid.' });
      return;
    }
    const result = await acknowledgeEscalation(deps, { guildId: interaction.guildId!, actor: actorOf(interaction), escalationId: args[0] });
    if (!result.ok) {
      await answer(interaction, { content: failureText(result) });
      return;
    }
    const { escalation } = result.value;
    const at = escalation.acknowledgedAt ?? new Date();
    const original = interaction.message.embeds[0]?.toJSON() ?? { title: `Case #${result.value.caseNumber} escalated` };
    const embed = markAcknowledged(original, interaction.user.id, at);
    await interaction.update({ embeds: [embed], components: [acknowledgeRow(escalation.id, true)], allowedMentions: { parse: [] } });
  },
};
