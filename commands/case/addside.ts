import {
  ActionRowBuilder,
  DiscordAPIError,
  RESTJSONErrorCodes,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  channelMention,
  userMention,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { PARTY_ROLES, type PartyRole } from '../../src/domain/types.js';
import { STATEMENT_MAX } from '../../src/domain/text-limits.js';
import { component, type CommandContext } from '../../src/discord/command.js';
import { ADDSIDE_STATEMENT_FIELD, customIds } from '../../src/discord/custom-ids.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { ROLE_LABELS } from '../../src/messages/labels.js';
import { QUEUED_TEXT, threadFailureText } from '../../src/messages/failure-texts.js';
import { INTERVIEW_CHANNEL_NEEDS, missingPermissionsIn } from '../../src/discord/permission-check.js';
import { addSide, type AddSideOutcome } from '../../src/services/side-recording.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption, choiceOption } from '../options.js';

/** Slash options hold up to 6000 characters in total; long statements go through a modal (4000). */
const INLINE_STATEMENT_MAX = 1500;

/** The long-statement form sent by /case addside. */
const addSideModal = component({
  kind: 'modal',
  customId: customIds.addSideModal,
  defer: 'ephemeral',
  stale: 'This form is no longer valid. Please run `/case addside` again.',
  async execute(interaction, [caseNumber, userId, role], ctx) {
    const user = await interaction.client.users.fetch(userId).catch((error: unknown) => {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownUser) return null;
      throw error;
    });
    if (!user) {
      await answer(interaction, { content: 'That member no longer exists on Discord, so nothing was recorded.' });
      return;
    }
    const text = interaction.fields.getTextInputValue(ADDSIDE_STATEMENT_FIELD);
    await record(interaction, ctx, Number(caseNumber), { id: user.id, isBot: user.bot }, text, role === '-' ? null : (role as PartyRole));
  },
});

export const caseAddSide: Subcommand = {
  name: 'addside',
  defer: 'manual',
  build: (b) =>
    caseNumberOption(b.setDescription("Record a party's side, or add a party (each gets a private thread)"))
      .addUserOption((o) => o.setName('party').setDescription('Whose side this is').setRequired(true))
      .addStringOption((o) =>
        o
          .setName('statement')
          .setDescription('Their side, short. Leave empty to type a long one in a form.')
          .setMaxLength(INLINE_STATEMENT_MAX),
      )
      .addStringOption((o) =>
        o
          .setName('role')
          .setDescription('For someone new to the case (default: witness)')
          .addChoices(...PARTY_ROLES.map((r) => ({ name: ROLE_LABELS[r], value: r }))),
      ),
  async execute(interaction, ctx) {
    const caseNumber = interaction.options.getInteger('case', true);
    const party = interaction.options.getUser('party', true);
    const role = choiceOption(interaction, 'role', PARTY_ROLES);
    const statement = interaction.options.getString('statement');
    if (statement === null) {
      const modal = new ModalBuilder()
        .setCustomId(customIds.addSideModal.build(String(caseNumber), party.id, role ?? '-'))
        .setTitle(`Case #${caseNumber}: record a side`)
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId(ADDSIDE_STATEMENT_FIELD)
              .setLabel('Their side, in their words (optional)')
              .setStyle(TextInputStyle.Paragraph)
              .setRequired(false)
              .setMaxLength(STATEMENT_MAX),
          ),
        );
      await interaction.showModal(modal);
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await record(interaction, ctx, caseNumber, { id: party.id, isBot: party.bot }, statement, role);
  },
  components: [addSideModal],
};

async function record(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  { deps }: CommandContext,
  caseNumber: number,
  user: { id: string; isBot: boolean },
  statement: string | null,
  role: PartyRole | null,
): Promise<void> {
  const result = await addSide(deps, { ...callerOf(interaction), caseNumber, user, statement, role });
  if (!result.ok) return answerRefusal(interaction, result);
  const failed = result.value.thread?.status === 'failed';
  const missing = failed ? missingPermissionsIn(interaction.guild, result.value.interviewChannelId, INTERVIEW_CHANNEL_NEEDS) : null;
  await answer(interaction, { content: addedText(result.value, missing) });
}

export function addedText(o: AddSideOutcome, missing: readonly string[] | null): string {
  const who = `${userMention(o.party.userId)} (${ROLE_LABELS[o.party.role].toLowerCase()})`;
  const lines: string[] = [];
  if (o.newParty) lines.push(`Added ${who} to case #${o.caseNumber}.`);
  if (o.statement) lines.push(`Recorded the side of ${who} in case #${o.caseNumber} (${o.statement.text.length} characters).`);
  if (o.thread?.status === 'opened') lines.push(`Their private interview thread: ${channelMention(o.thread.threadId)}`);
  if (o.thread?.status === 'queued') lines.push(`Their private interview thread: ${QUEUED_TEXT}`);
  if (o.thread?.status === 'failed') {
    lines.push(`Their interview thread could not be opened: ${threadFailureText(o.thread.reason, missing)} Once that is fixed, run this command again to retry.`);
  }
  if (lines.length === 0) lines.push(`${who} is already on case #${o.caseNumber} and has a thread; nothing to record. Add a statement to record their side.`);
  return lines.join('\n');
}
