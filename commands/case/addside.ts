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
import { threadFailureText } from '../../src/messages/failure-texts.js';
import type { T } from '../../src/i18n/translate.js';
import { choice, localized } from '../localized.js';
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
  stale: 'caseAddSide.stale',
  async execute(interaction, [caseNumber, userId, role], ctx) {
    const user = await interaction.client.users.fetch(userId).catch((error: unknown) => {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownUser) return null;
      throw error;
    });
    if (!user) {
      await answer(interaction, { content: ctx.t('caseAddSide.memberGone') });
      return;
    }
    const text = interaction.fields.getTextInputValue(ADDSIDE_STATEMENT_FIELD);
    await record(interaction, ctx, Number(caseNumber), { id: user.id, isBot: user.bot }, text, role === '-' ? null : (role as PartyRole));
  },
});

export const caseAddSide: Subcommand = {
  name: 'addside',
  key: 'commands.case.addside',
  defer: 'manual',
  build: (b) =>
    caseNumberOption(b)
      .addUserOption((o) => localized(o, 'party', 'commands.case.addside.party').setRequired(true))
      .addStringOption((o) => localized(o, 'statement', 'commands.case.addside.statement').setMaxLength(INLINE_STATEMENT_MAX))
      .addStringOption((o) => localized(o, 'role', 'commands.case.addside.role').addChoices(...PARTY_ROLES.map((r) => choice(`labels.role.${r}`, r)))),
  async execute(interaction, ctx) {
    const caseNumber = interaction.options.getInteger('case', true);
    const party = interaction.options.getUser('party', true);
    const role = choiceOption(interaction, 'role', PARTY_ROLES);
    const statement = interaction.options.getString('statement');
    if (statement === null) {
      const modal = new ModalBuilder()
        .setCustomId(customIds.addSideModal.build(String(caseNumber), party.id, role ?? '-'))
        .setTitle(ctx.t('caseAddSide.modalTitle', { number: caseNumber }))
        .addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder()
              .setCustomId(ADDSIDE_STATEMENT_FIELD)
              .setLabel(ctx.t('caseAddSide.modalLabel'))
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
  { deps, t }: CommandContext,
  caseNumber: number,
  user: { id: string; isBot: boolean },
  statement: string | null,
  role: PartyRole | null,
): Promise<void> {
  const result = await addSide(deps, { ...callerOf(interaction), caseNumber, user, statement, role });
  if (!result.ok) return answerRefusal(interaction, t, result);
  const failed = result.value.thread?.status === 'failed';
  const missing = failed ? missingPermissionsIn(t, interaction.guild, result.value.interviewChannelId, INTERVIEW_CHANNEL_NEEDS) : null;
  await answer(interaction, { content: addedText(t, result.value, missing) });
}

export function addedText(t: T, o: AddSideOutcome, missing: readonly string[] | null): string {
  const who = t('caseAddSide.who', { user: userMention(o.party.userId), role: t(`labels.roleInSentence.${o.party.role}`) });
  const lines: string[] = [];
  if (o.newParty) lines.push(t('caseAddSide.added', { who, number: o.caseNumber }));
  if (o.statement) lines.push(t('caseAddSide.recorded', { who, number: o.caseNumber, count: o.statement.text.length }));
  if (o.thread?.status === 'opened') lines.push(t('caseAddSide.threadOpened', { thread: channelMention(o.thread.threadId) }));
  if (o.thread?.status === 'queued') lines.push(t('caseAddSide.threadQueued', { queued: t('common.queued') }));
  if (o.thread?.status === 'failed') lines.push(t('caseAddSide.threadFailed', { failure: threadFailureText(t, o.thread.reason, missing) }));
  if (lines.length === 0) lines.push(t('caseAddSide.nothing', { who, number: o.caseNumber }));
  return lines.join('\n');
}
