import { channelMention } from 'discord.js';
import { CASE_OUTCOMES } from '../../src/domain/types.js';
import { CLOSE_REASON_MAX } from '../../src/domain/text-limits.js';
import { actorOf, answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { OUTCOME_LABELS } from '../../src/messages/labels.js';
import { discordFailureText, owedFailureText, QUEUED_TEXT } from '../../src/messages/failure-texts.js';
import { closeCase } from '../../src/services/case-closing.js';
import type { TranscriptOutcome } from '../../src/actions/types.js';
import type { Subcommand } from '../subcommand.js';
import { caseNumberOption, requiredChoice } from '../options.js';

export const caseClose: Subcommand = {
  name: 'close',
  defer: 'ephemeral',
  build: (b) =>
    caseNumberOption(b.setDescription('Close a case: tells every party, then archives and locks their threads'))
      .addStringOption((o) =>
        o
          .setName('outcome')
          .setDescription('How it ended')
          .setRequired(true)
          .addChoices(...CASE_OUTCOMES.map((x) => ({ name: OUTCOME_LABELS[x], value: x }))),
      )
      .addStringOption((o) => o.setName('reason').setDescription('Why (staff only)').setRequired(true).setMaxLength(CLOSE_REASON_MAX))
      .addStringOption((o) =>
        o.setName('one_sided_reason').setDescription('Only if a side is missing: why it could not be heard').setMaxLength(CLOSE_REASON_MAX),
      ),
  async execute(interaction, { deps }) {
    const result = await closeCase(deps, {
      guildId: callerOf(interaction).guildId,
      actor: actorOf(interaction),
      caseNumber: interaction.options.getInteger('case', true),
      outcome: requiredChoice(interaction, 'outcome', CASE_OUTCOMES),
      reason: interaction.options.getString('reason', true),
      oneSidedReason: interaction.options.getString('one_sided_reason'),
    });
    if (!result.ok) return answerRefusal(interaction, result);
    const { case: c, oneSided, threads } = result.value;
    const lines = [`Case #${c.number} is closed: ${OUTCOME_LABELS[c.outcome ?? 'no_action']}${oneSided ? ' (one side only, reason recorded)' : ''}.`];
    if (threads.status === 'queued') {
      lines.push(`The closing messages, archiving the threads and the transcript: ${QUEUED_TEXT}`);
    } else if (threads.status === 'failed') {
      lines.push(`The threads could not be closed: ${owedFailureText(threads.reason, 'the interview threads')} Please close them by hand.`);
    } else {
      const { threadFailures, transcript } = threads;
      lines.push(threadFailures.length === 0 ? 'Every party was told in their thread, and the threads are archived and locked.' : `Some threads could not be closed: ${threadFailures.map((f) => `<#${f.threadId}>: ${discordFailureText(f.reason, 'that thread')}`).join('; ')} Please close them by hand.`);
      if (transcript !== null) lines.push(transcriptLine(transcript));
    }
    await answer(interaction, { content: lines.join('\n') });
  },
};

/** Where the transcript went, in a line. */
export function transcriptLine(t: TranscriptOutcome): string {
  const copied = `The transcript (${t.messages} message${t.messages === 1 ? '' : 's'}) is stored with the case`;
  const unread = t.failedThreads.length > 0 ? ` (${t.failedThreads.length} thread${t.failedThreads.length === 1 ? '' : 's'} could not be read)` : '';
  if (t.posted.ok) return `${copied}${unread} and posted in ${channelMention(t.posted.channelId)}.`;
  if (t.posted.reason === 'no-case-log-channel') return `${copied}${unread}; set a case-log channel in \`/setup\` to have it posted there.`;
  return `${copied}${unread}, but it could not be posted in the case-log channel: ${discordFailureText(t.posted.reason, 'that channel')}`;
}
