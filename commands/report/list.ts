import { PermissionFlagsBits, userMention } from 'discord.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import type { ReportWithSubmissions } from '../../src/ports.js';
import { listOpenReports } from '../../src/services/report-triage.js';
import { groupedCommand } from '../grouped-command.js';
import { triageComponents } from './triage.js';
import type { Subcommand } from '../subcommand.js';
import type { T } from '../../src/i18n/translate.js';
import { discordTime } from '../../src/messages/text-format.js';

const reportList: Subcommand = {
  name: 'list',
  key: 'commands.report.list',
  defer: 'ephemeral',
  // The controls under each report in the staff queue (posted by the intake) belong with /report.
  components: triageComponents,
  build: (b) => b,
  async execute(interaction, { deps, t }) {
    const result = await listOpenReports(deps, { ...callerOf(interaction), page: 0 });
    if (!result.ok) return answerRefusal(interaction, t, result);
    const { items, total } = result.value;
    if (total === 0) {
      await answer(interaction, { content: t('reportList.empty') });
      return;
    }
    const more = total > items.length ? `\n${t('reportList.older', { count: total - items.length })}` : '';
    await answer(interaction, { content: `${t('reportList.heading', { count: total })}\n${items.map((r) => reportLine(t, r)).join('\n')}${more}` });
  },
};

function reportLine(t: T, r: ReportWithSubmissions): string {
  const flags = [r.realLife ? t('reportList.realLife') : null, r.offPlatform ? t('reportList.offPlatform') : null].filter((f) => f !== null).join(' · ');
  const post =
    r.queueChannelId && r.queueMessageId
      ? t('reportList.open', { url: `https://discord.com/channels/${r.guildId}/${r.queueChannelId}/${r.queueMessageId}` })
      : t('reportList.notPosted');
  return t('reportList.line', {
    number: r.number,
    reported: userMention(r.reportedUserId),
    reporter: userMention(r.reporterId),
    forms: t('reportList.forms', { count: r.submissions.length }),
    flags: flags ? ` · ${flags}` : '',
    when: discordTime(r.createdAt, 'R'),
    post,
  });
}

/** /report: staff's view of the report queue. The staff role is checked on every use. */
export const reportCommand = groupedCommand('report', 'commands.report', PermissionFlagsBits.ManageMessages, [reportList]);
