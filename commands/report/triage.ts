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
  stale: 'triage.stale',
  async execute(interaction, [reportId], { deps, t }) {
    const choice = parseOpenAs(interaction.values[0] ?? '');
    if (!choice) {
      await answer(interaction, { content: t('triage.stale') });
      return;
    }
    const result = await openCaseFromReport(deps, { ...callerOf(interaction), reportId, ...choice });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { opened, queued } = result.value;
    const failed = opened.threads.some((t) => t.status === 'failed');
    const missing = failed ? missingPermissionsIn(t, interaction.guild, opened.interviewChannelId, INTERVIEW_CHANNEL_NEEDS) : null;
    await answer(interaction, {
      content: `${openedText(t, opened, missing)}\n\n${t('triage.reporterSideRecorded', { user: userMention(opened.case.parties[0]?.userId ?? '') })}${queued ? '' : t('triage.queueNotUpdated')}`,
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
  stale: 'triage.stale',
  async execute(interaction, [reportId], { t }) {
    await interaction.showModal(
      textModal(customIds.reportMergeForm.build(reportId), t('triage.mergeTitle'), REPORT_MERGE_FIELD, t('triage.mergeLabel'), TextInputStyle.Short, 10, t('triage.mergePlaceholder')),
    );
  },
});

export const reportMergeForm = component({
  kind: 'modal',
  customId: customIds.reportMergeForm,
  defer: 'ephemeral',
  stale: 'triage.stale',
  async execute(interaction, [reportId], { deps, t }) {
    const typed = interaction.fields.getTextInputValue(REPORT_MERGE_FIELD).trim().replace(/^#/, '');
    if (!ARG_PATTERNS.caseNumber.test(typed)) {
      await answer(interaction, { content: t('triage.mergeNotNumber') });
      return;
    }
    const result = await mergeReportIntoCase(deps, { ...callerOf(interaction), reportId, caseNumber: Number(typed) });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { added, caseNumber, queued } = result.value;
    const thread = added.thread?.status === 'opened' ? t('triage.theirThread', { thread: channelMention(added.thread.threadId) }) : '';
    await answer(interaction, { content: `${t('triage.merged', { number: caseNumber })}${thread}\n${addedText(t, added, null)}${queued ? '' : t('triage.queueNotUpdated')}` });
  },
});

export const reportDismissButton = component({
  kind: 'button',
  customId: customIds.reportDismiss,
  defer: 'manual',
  stale: 'triage.stale',
  async execute(interaction, [reportId], { t }) {
    await interaction.showModal(
      textModal(
        customIds.reportDismissForm.build(reportId),
        t('triage.dismissTitle'),
        REPORT_DISMISS_FIELD,
        t('triage.dismissLabel'),
        TextInputStyle.Paragraph,
        CLOSE_REASON_MAX,
        t('triage.dismissPlaceholder'),
      ),
    );
  },
});

export const reportDismissForm = component({
  kind: 'modal',
  customId: customIds.reportDismissForm,
  defer: 'ephemeral',
  stale: 'triage.stale',
  async execute(interaction, [reportId], { deps, t }) {
    const result = await dismissReport(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      reportId,
      reason: interaction.fields.getTextInputValue(REPORT_DISMISS_FIELD),
    });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const told = t(result.value.reporterTold ? 'triage.reporterTold' : 'triage.reporterNotTold');
    await answer(interaction, { content: `${t('triage.dismissed', { number: result.value.report.number, told })}${result.value.queued ? '' : t('triage.queueNotUpdated')}` });
  },
});

/** The controls under a report in the staff queue. */
export const triageComponents = [reportOpenSelect, reportMergeButton, reportMergeForm, reportDismissButton, reportDismissForm];
