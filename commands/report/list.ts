import { PermissionFlagsBits, userMention } from 'discord.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import type { ReportWithSubmissions } from '../../src/ports.js';
import { listOpenReports } from '../../src/services/report-triage.js';
import { groupedCommand } from '../grouped-command.js';
import { triageComponents } from './triage.js';
import type { Subcommand } from '../subcommand.js';

const reportList: Subcommand = {
  name: 'list',
  defer: 'ephemeral',
  // The controls under each report in the staff queue (posted by the intake) belong with /report.
  components: triageComponents,
  build: (b) => b.setDescription("Members' reports waiting for staff, newest first"),
  async execute(interaction, { deps }) {
    const result = await listOpenReports(deps, { ...callerOf(interaction), page: 0 });
    if (!result.ok) return answerRefusal(interaction, result);
    const { items, total } = result.value;
    if (total === 0) {
      await answer(interaction, { content: 'No report is waiting. Members report with right-click → Apps → "Report user" or "Report message".' });
      return;
    }
    const more = total > items.length ? `\n…and ${total - items.length} older ones.` : '';
    await answer(interaction, { content: `**Open reports** (${total})\n${items.map(reportLine).join('\n')}${more}` });
  },
};

function reportLine(r: ReportWithSubmissions): string {
  const flags = [r.realLife ? '**reached real life**' : null, r.offPlatform ? 'also in other apps' : null].filter((f) => f !== null).join(' · ');
  const post = r.queueChannelId && r.queueMessageId ? ` · [open](https://discord.com/channels/${r.guildId}/${r.queueChannelId}/${r.queueMessageId})` : ' · not posted in a staff channel';
  return `R-${r.number} · ${userMention(r.reportedUserId)} reported by ${userMention(r.reporterId)} · ${r.submissions.length} form${r.submissions.length === 1 ? '' : 's'}${flags ? ` · ${flags}` : ''} · <t:${Math.floor(r.createdAt.getTime() / 1000)}:R>${post}`;
}

/** /report: staff's view of the report queue. The staff role is checked on every use. */
export const reportCommand = groupedCommand('report', "Members' reports", PermissionFlagsBits.ManageMessages, [reportList]);
