import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type ModalSubmitInteraction } from 'discord.js';
import { REPORT_ANSWER_MAX, REPORT_SINCE_MAX, REPORT_TEXT_MAX } from '../../src/domain/reports.js';
import type { ReportKind } from '../../src/domain/types.js';
import { component, type CommandContext } from '../../src/discord/command.js';
import { customIds, REPORT_FIELDS } from '../../src/discord/custom-ids.js';
import { answer, callerOf } from '../../src/discord/interaction-helpers.js';
import { reporterFailureText, reportReceivedText } from '../../src/messages/report-texts.js';
import type { MessageEvidence } from '../../src/ports.js';
import { submitReport } from '../../src/services/report-intake.js';
import type { T } from '../../src/i18n/translate.js';

const input = (id: string, label: string, style: TextInputStyle, max: number, required: boolean, placeholder: string): ActionRowBuilder<TextInputBuilder> =>
  new ActionRowBuilder<TextInputBuilder>().addComponents(
    new TextInputBuilder().setCustomId(id).setLabel(label).setStyle(style).setRequired(required).setMaxLength(max).setPlaceholder(placeholder),
  );

/** The report form, the same for a member and for a message. Labels are at most 45 characters (Discord's limit). */
export function reportModal(t: T, customId: string, title: string): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(title)
    .addComponents(
      input(REPORT_FIELDS.what, t('reportForm.what'), TextInputStyle.Paragraph, REPORT_TEXT_MAX, true, t('reportForm.whatPlaceholder')),
      input(REPORT_FIELDS.since, t('reportForm.since'), TextInputStyle.Short, REPORT_SINCE_MAX, false, t('reportForm.sincePlaceholder')),
      input(REPORT_FIELDS.elsewhere, t('reportForm.elsewhere'), TextInputStyle.Short, REPORT_ANSWER_MAX, false, t('reportForm.elsewherePlaceholder')),
      input(REPORT_FIELDS.realLife, t('reportForm.realLife'), TextInputStyle.Paragraph, REPORT_ANSWER_MAX, false, t('reportForm.realLifePlaceholder')),
      input(REPORT_FIELDS.other, t('reportForm.other'), TextInputStyle.Paragraph, REPORT_ANSWER_MAX, false, t('reportForm.otherPlaceholder')),
    );
}

/** Sends a filled-in form to the intake service and tells the member what happened, privately. */
async function receive(
  interaction: ModalSubmitInteraction,
  { deps, serverT }: CommandContext,
  kind: ReportKind,
  reportedId: string,
  evidence: MessageEvidence | null,
): Promise<void> {
  const reported = await interaction.client.users.fetch(reportedId).catch(() => null);
  const field = (id: string) => interaction.fields.getTextInputValue(id);
  const result = await submitReport(deps, {
    guildId: callerOf(interaction).guildId,
    reporterId: interaction.user.id,
    reported: { id: reportedId, isBot: reported?.bot ?? false },
    kind,
    answers: {
      whatHappened: field(REPORT_FIELDS.what),
      since: field(REPORT_FIELDS.since),
      elsewhere: field(REPORT_FIELDS.elsewhere),
      realLife: field(REPORT_FIELDS.realLife),
      other: field(REPORT_FIELDS.other),
    },
    evidence,
  });
  await answer(interaction, {
    content: result.ok
      ? reportReceivedText(serverT, { communityName: result.value.communityName, merged: result.value.merged, realLife: result.value.realLife, number: result.value.report.number })
      : reporterFailureText(serverT, result),
  });
}

/** The form of "Report user". */
export const reportUserForm = component({
  kind: 'modal',
  customId: customIds.reportUserForm,
  defer: 'ephemeral',
  stale: 'reportForm.staleUser',
  async execute(interaction, [reportedId], ctx) {
    await receive(interaction, ctx, 'user', reportedId, null);
  },
});

/** The form of "Report message". */
export const reportMessageForm = component({
  kind: 'modal',
  customId: customIds.reportMessageForm,
  defer: 'ephemeral',
  stale: 'reportForm.staleMessage',
  async execute(interaction, [messageId, authorId, channelId], ctx) {
    const guildId = callerOf(interaction).guildId;
    // As captured when the form was opened; if that is gone (a restart), at least where the message was.
    const evidence = ctx.pendingEvidence.take(guildId, interaction.user.id, messageId) ?? {
      messageId,
      channelId,
      authorId,
      content: null,
      sentAt: null,
      attachments: [],
      link: `https://discord.com/channels/${guildId}/${channelId}/${messageId}`,
    };
    await receive(interaction, ctx, 'message', authorId, evidence);
  },
});
