import { MessageFlags } from 'discord.js';
import { component } from '../../src/discord/command.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { callerOf } from '../../src/discord/interaction-helpers.js';
import { acknowledgeRow, markAcknowledged } from '../../src/discord/render/escalation-notice.js';
import { failureText } from '../../src/messages/failure-texts.js';
import { acknowledgeEscalation } from '../../src/services/escalation.js';

/**
 * The Acknowledge button under an escalation: admin role only, once. The
 * click is acknowledged before any query (an update of the post); a refusal
 * goes to the admin privately, the post is left as it was.
 */
export const acknowledgeButton = component({
  kind: 'button',
  customId: customIds.acknowledge,
  defer: 'update',
  stale: 'escalationPost.stale',
  async execute(interaction, [escalationId], { deps, t, serverT }) {
    const result = await acknowledgeEscalation(deps, { ...callerOf(interaction), escalationId });
    if (!result.ok) {
      await interaction.followUp({ content: failureText(t, result), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    const { escalation } = result.value;
    const at = escalation.acknowledgedAt ?? new Date();
    const original = interaction.message.embeds[0]?.toJSON() ?? { title: serverT('escalationPost.title', { number: result.value.caseNumber }) };
    // The post is read by staff in the channel: the server's language.
    const embed = markAcknowledged(serverT, original, interaction.user.id, at);
    await interaction.editReply({ embeds: [embed], components: [acknowledgeRow(serverT, escalation.id, true)], allowedMentions: { parse: [] } });
  },
});
