import { randomUUID } from 'node:crypto';
import type { NewOwedAction } from '../actions/types.js';
import type { GuildSettings, ReportQueueView, ReportRecord, ReportWithSubmissions } from '../ports.js';
import type { ServiceDeps } from './deps.js';
import { DEFAULT_LANGUAGE } from '../i18n/languages.js';

/** The staff channel for reports: the reports channel, else the case-log channel, else none. */
export const reportsChannelOf = (settings: GuildSettings): string | null => settings.reportsChannelId ?? settings.caseLogChannelId;

/** What staff see beside a report: the reported member's open cases and how many other reports name them. */
export async function queueView(deps: ServiceDeps, report: ReportWithSubmissions, caseNumber: number | null): Promise<ReportQueueView> {
  const [openCases, earlierReports, settings] = await Promise.all([
    deps.cases.forGuild(report.guildId).openCasesOfUser(report.reportedUserId),
    deps.reports.forGuild(report.guildId).countReportsOf(report.reportedUserId, report.id),
    deps.settings.forGuild(report.guildId).get(),
  ]);
  const language = settings?.language ?? DEFAULT_LANGUAGE;
  return { report, history: { openCases: openCases.map((c) => ({ number: c.number, status: c.status })), earlierReports }, caseNumber, language };
}

/**
 * The owed work of showing a report to staff (its post replaced, or posted
 * in the reports channel), written with the change that calls for it. What
 * could not be posted is recorded on the report's guild (and the report is
 * still listed by /report list).
 */
export function queueAction(settings: GuildSettings, report: Pick<ReportRecord, 'id' | 'number'>, actorId: string, caseNumber: number | null = null): NewOwedAction {
  return {
    id: randomUUID(),
    kind: 'report.queue',
    caseId: null,
    actorId,
    payload: { reportId: report.id, number: report.number, channelId: reportsChannelOf(settings), caseNumber },
  };
}
