import { channelMention } from 'discord.js';
import { CASE_OUTCOMES } from '../../src/domain/types.js';
import { CLOSE_REASON_MAX } from '../../src/domain/text-limits.js';
import { actorOf, answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { discordFailureText, owedFailureText } from '../../src/messages/failure-texts.js';
import type { T } from '../../src/i18n/translate.js';
import { choice, localized } from '../localized.js';
import { closeCase } from '../../src/services/case-closing.js';
import type { TranscriptOutcome } from '../../src/actions/types.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption, requiredChoice } from '../options.js';

export const caseClose: Subcommand = {
  name: 'close',
  key: 'commands.case.close',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b)
      .addStringOption((o) =>
        localized(o, 'outcome', 'commands.case.close.outcome')
          .setRequired(true)
          .addChoices(...CASE_OUTCOMES.map((x) => choice(`labels.outcome.${x}`, x))),
      )
      .addStringOption((o) => localized(o, 'reason', 'commands.case.close.reason').setRequired(true).setMaxLength(CLOSE_REASON_MAX))
      .addStringOption((o) => localized(o, 'one_sided_reason', 'commands.case.close.one_sided_reason').setMaxLength(CLOSE_REASON_MAX)),
  async execute(interaction, { deps, t }) {
    const result = await closeCase(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      caseNumber: interaction.options.getInteger('case', true),
      outcome: requiredChoice(interaction, 'outcome', CASE_OUTCOMES),
      reason: interaction.options.getString('reason', true),
      oneSidedReason: interaction.options.getString('one_sided_reason'),
    });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { case: c, oneSided, threads } = result.value;
    const lines = [t(oneSided ? 'caseClose.closedOneSided' : 'caseClose.closed', { number: c.number, outcome: t(`labels.outcome.${c.outcome ?? 'no_action'}`) })];
    if (threads.status === 'queued') {
      lines.push(t('caseClose.queued', { queued: t('common.queued') }));
    } else if (threads.status === 'failed') {
      lines.push(t('caseClose.failed', { failure: owedFailureText(t, threads.reason, t('where.interviewThreads')) }));
    } else {
      const { threadFailures, transcript } = threads;
      lines.push(
        threadFailures.length === 0
          ? t('caseClose.allClosed')
          : t('caseClose.someFailed', { failures: threadFailures.map((f) => `<#${f.threadId}>: ${discordFailureText(t, f.reason, t('where.thatThread'))}`).join('; ') }),
      );
      if (transcript !== null) lines.push(transcriptLine(t, transcript));
    }
    await answer(interaction, { content: lines.join('\n') });
  },
};

/** Where the transcript went, in a line. */
export function transcriptLine(t: T, o: TranscriptOutcome): string {
  const parts = {
    stored: t('transcriptReply.stored', { count: o.messages }),
    unread: o.failedThreads.length > 0 ? t('transcriptReply.unread', { count: o.failedThreads.length }) : '',
  };
  if (o.posted.ok) return t('transcriptReply.posted', { ...parts, channel: channelMention(o.posted.channelId) });
  if (o.posted.reason === 'no-case-log-channel') return t('transcriptReply.noChannel', parts);
  return t('transcriptReply.notPosted', { ...parts, failure: discordFailureText(t, o.posted.reason, t('where.thatChannel')) });
}
