import type { GuildSettings, ReportQueueView, ReportWithSubmissions } from '../ports.js';
import type { ServiceDeps } from './deps.js';

/** The staff channel for reports: the reports channel, else the case-log channel, else none. */
export const reportsChannelOf = (settings: GuildSettings): string | null => settings.reportsChannelId ?? settings.caseLogChannelId;

/** What staff see beside a report: the reported member's open cases and how many other reports name them. */
export async function queueView(deps: ServiceDeps, report: ReportWithSubmissions, caseNumber: number | null): Promise<ReportQueueView> {
  const [openCases, earlierReports] = await Promise.all([
    deps.cases.openCasesOfUser(report.guildId, report.reportedUserId),
    deps.reports.countReportsOf(report.guildId, report.reportedUserId, report.id),
  ]);
  return { report, history: { openCases: openCases.map((c) => ({ number: c.number, status: c.status })), earlierReports }, caseNumber };
}

/**
 * Shows the report to staff: a new post, or the existing post replaced.
 * Returns whether staff can see it in their channel now; what could not be
 * posted is recorded (and the report is still listed by /report list).
 */
export async function postOrRefreshQueue(
  deps: ServiceDeps,
  settings: GuildSettings,
  report: ReportWithSubmissions,
  actorId: string,
  caseNumber: number | null = null,
): Promise<boolean> {
  const event = (reason: string) =>
    deps.reports.appendEvent(report.guildId, null, { type: 'report_not_queued', actorId, data: { reportId: report.id, number: report.number, reason } });
  const view = await queueView(deps, report, caseNumber);
  if (report.queueChannelId && report.queueMessageId) {
    const updated = await deps.reportQueue.update(report.queueChannelId, report.queueMessageId, view);
    if (updated.ok) return true;
    if (updated.reason !== 'unknown-message' && updated.reason !== 'unknown-channel') {
      await event(updated.reason);
      return false;
    }
    // The post was deleted by hand: post it again below.
  }
  const channelId = reportsChannelOf(settings);
  if (channelId === null) {
    await event('no-reports-channel');
    return false;
  }
  const posted = await deps.reportQueue.post(channelId, view);
  if (!posted.ok) {
    await event(posted.reason);
    return false;
  }
  await deps.reports.setQueueMessage(report.guildId, report.id, posted.value.channelId, posted.value.messageId);
  return true;
}
