import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, channelMention, userMention } from 'discord.js';
import { CASE_CATEGORIES, EXPOSURE_LOCATIONS, type CaseCategory, type ExposureLocation } from '../../src/domain/types.js';
import { CLOSE_REASON_MAX } from '../../src/domain/text-limits.js';
import { component } from '../../src/discord/command.js';
import { ARG_PATTERNS, customIds, REPORT_DISMISS_FIELD, REPORT_MERGE_FIELD } from '../../src/discord/custom-ids.js';
import { actorOf, answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { INTERVIEW_CHANNEL_NEEDS, missingPermissionsIn } from '../../src/discord/permission-check.js';
import { dismissReport, mergeReportIntoCase, openCaseFromReport } from '../../src/services/report-triage.js';
import { addedText } from '../case/addside.js';
import { openedText } from '../case/open.js';

const STALE = 'These report controls are no longer valid. Please use `/report list`.';
const QUEUE_NOT_UPDATED = '\n(The report post in the staff channel could not be updated; the record is right, see `/report list`.)';

/** "Open a case from this report, as…": the category (and for exposed info, where) picked from the menu. */
export function parseOpenAs(value: string): { category: CaseCategory; exposureLocation: ExposureLocation | null } | null {
  const [category, where, ...rest] = value.split(':');
  if (rest.length > 0 || !(CASE_CATEGORIES as readonly string[]).includes(category ?? '')) return null;
  if (category === 'personal_info_exposed') {
    return (EXPOSURE_LOCATIONS as readonly string[]).includes(where ?? '') ? { category, exposureLocation: where as ExposureLocation } : null;
  }
  return where === undefined ? { category: category as CaseCategory, exposureLocation: null } : null;
}

export const reportOpenSelect = component({
  kind: 'select',
  customId: customIds.reportOpen,
  defer: 'ephemeral',
  stale: STALE,
  async execute(interaction, [reportId], { deps }) {
    const choice = parseOpenAs(interaction.values[0] ?? '');
    if (!choice) {
      await answer(interaction, { content: STALE });
      return;
    }
    const result = await openCaseFromReport(deps, { ...callerOf(interaction), reportId, ...choice });
    if (!result.ok) return answerRefusal(interaction, result);
    const { opened, queued } = result.value;
    const failed = opened.threads.some((t) => t.status === 'failed');
    const missing = failed ? missingPermissionsIn(interaction.guild, opened.interviewChannelId, INTERVIEW_CHANNEL_NEEDS) : null;
    await answer(interaction, {
      content: `${openedText(opened, missing)}\n\nWhat ${userMention(opened.case.parties[0]?.userId ?? '')} wrote in the report is recorded as their side.${queued ? '' : QUEUE_NOT_UPDATED}`,
    });
  },
});

const textModal = (customId: string, title: string, fieldId: string, label: string, style: TextInputStyle, max: number, placeholder: string) =>
  new ModalBuilder()
    .setCustomId(customId)
    .setTitle(title)
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(
        new TextInputBuilder().setCustomId(fieldId).setLabel(label).setStyle(style).setRequired(true).setMaxLength(max).setPlaceholder(placeholder),
      ),
    );

export const reportMergeButton = component({
  kind: 'button',
  customId: customIds.reportMerge,
  defer: 'manual',
  stale: STALE,
  async execute(interaction, [reportId]) {
    await interaction.showModal(
      textModal(customIds.reportMergeForm.build(reportId), 'Merge the report into a case', REPORT_MERGE_FIELD, 'Case number', TextInputStyle.Short, 10, 'For example: 12'),
    );
  },
});

export const reportMergeForm = component({
  kind: 'modal',
  customId: customIds.reportMergeForm,
  defer: 'ephemeral',
  stale: STALE,
  async execute(interaction, [reportId], { deps }) {
    const typed = interaction.fields.getTextInputValue(REPORT_MERGE_FIELD).trim().replace(/^#/, '');
    if (!ARG_PATTERNS.caseNumber.test(typed)) {
      await answer(interaction, { content: 'Please give a case number such as 12. Nothing was changed.' });
      return;
    }
    const result = await mergeReportIntoCase(deps, { ...callerOf(interaction), reportId, caseNumber: Number(typed) });
    if (!result.ok) return answerRefusal(interaction, result);
    const { added, caseNumber, queued } = result.value;
    const thread = added.thread?.status === 'opened' ? ` Their thread: ${channelMention(added.thread.threadId)}.` : '';
    await answer(interaction, { content: `Report added to case #${caseNumber}.${thread}\n${addedText(added, null)}${queued ? '' : QUEUE_NOT_UPDATED}` });
  },
});

export const reportDismissButton = component({
  kind: 'button',
  customId: customIds.reportDismiss,
  defer: 'manual',
  stale: STALE,
  async execute(interaction, [reportId]) {
    await interaction.showModal(
      textModal(
        customIds.reportDismissForm.build(reportId),
        'Dismiss the report',
        REPORT_DISMISS_FIELD,
        'Why (staff only; the reporter is not told)',
        TextInputStyle.Paragraph,
        CLOSE_REASON_MAX,
        'For example: looked into it, ordinary disagreement, both advised',
      ),
    );
  },
});

export const reportDismissForm = component({
  kind: 'modal',
  customId: customIds.reportDismissForm,
  defer: 'ephemeral',
  stale: STALE,
  async execute(interaction, [reportId], { deps }) {
    const result = await dismissReport(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      reportId,
      reason: interaction.fields.getTextInputValue(REPORT_DISMISS_FIELD),
    });
    if (!result.ok) return answerRefusal(interaction, result);
    const told = result.value.reporterTold
      ? 'The reporter was told, in neutral words, that staff looked at it.'
      : 'The reporter could not be told (their DMs are closed); that is recorded.';
    await answer(interaction, { content: `Report R-${result.value.report.number} dismissed. ${told}${result.value.queued ? '' : QUEUE_NOT_UPDATED}` });
  },
});

/** The controls under a report in the staff queue. */
export const triageComponents = [reportOpenSelect, reportMergeButton, reportMergeForm, reportDismissButton, reportDismissForm];
