import { assertGuildId } from './guild-scope.js';
import type { RecentSubmission } from '../domain/reports.js';
import type { Prisma } from '../generated/prisma/client.js';
import type {
  EventInput,
  GuildReports,
  MessageEvidence,
  NewSubmission,
  ReportHandling,
  ReportRecord,
  ReportRepository,
  ReportSubmissionRecord,
  ReportWithSubmissions,
  SubmissionDecision,
  SubmitOutcome,
  TriageWrites,
} from '../ports.js';
import type { NewOwedAction } from '../actions/types.js';
import { addSideIn, findCaseIn, openIn } from './case-repository.js';
import { nextNumber } from './guild-counter.js';
import { owe } from './owed-actions.js';
import { eventRow } from './mappers.js';
import type { PrismaClient, Tx } from './prisma-client.js';

const reportSelect = {
  id: true,
  guildId: true,
  number: true,
  reporterId: true,
  reportedUserId: true,
  status: true,
  realLife: true,
  offPlatform: true,
  caseId: true,
  handledById: true,
  handledAt: true,
  dismissReason: true,
  queueChannelId: true,
  queueMessageId: true,
  createdAt: true,
} as const;

const withSubmissions = { ...reportSelect, submissions: { orderBy: { createdAt: 'asc' } } } as const;

type SubmissionRow = Prisma.ReportSubmissionGetPayload<object>;
type ReportRow = Prisma.ReportGetPayload<{ select: typeof withSubmissions }>;

function toSubmission(row: SubmissionRow): ReportSubmissionRecord {
  const attachments = Array.isArray(row.messageAttachments)
    ? row.messageAttachments.flatMap((a) =>
        a !== null && typeof a === 'object' && !Array.isArray(a) && typeof a.name === 'string' && typeof a.url === 'string' ? [{ name: a.name, url: a.url }] : [],
      )
    : [];
  const evidence: MessageEvidence | null =
    row.messageId && row.messageChannelId && row.messageAuthorId && row.messageLink
      ? {
          messageId: row.messageId,
          channelId: row.messageChannelId,
          authorId: row.messageAuthorId,
          content: row.messageContent,
          sentAt: row.messageSentAt,
          attachments,
          link: row.messageLink,
        }
      : null;
  return {
    id: row.id,
    reportId: row.reportId,
    kind: row.kind,
    whatHappened: row.whatHappened,
    since: row.since,
    elsewhere: row.elsewhere,
    realLifeAnswer: row.realLifeAnswer,
    other: row.other,
    evidence,
    createdAt: row.createdAt,
  };
}

const toReport = (row: ReportRow): ReportWithSubmissions => ({ ...row, submissions: row.submissions.map(toSubmission) });

function submissionData(guildId: string, s: NewSubmission): Omit<Prisma.ReportSubmissionUncheckedCreateInput, 'reportId'> {
  const e = s.evidence;
  return {
    guildId,
    kind: s.kind,
    whatHappened: s.whatHappened,
    since: s.since,
    elsewhere: s.elsewhere,
    realLifeAnswer: s.realLifeAnswer,
    other: s.other,
    ...(e
      ? {
          messageId: e.messageId,
          messageChannelId: e.channelId,
          messageAuthorId: e.authorId,
          messageContent: e.content,
          messageSentAt: e.sentAt,
          messageAttachments: e.attachments.map((a) => ({ name: a.name, url: a.url })),
          messageLink: e.link,
        }
      : {}),
  };
}

async function recentIn(db: Tx | PrismaClient, guildId: string, reporterId: string, since: Date): Promise<RecentSubmission[]> {
  const rows = await db.reportSubmission.findMany({
    where: { guildId, createdAt: { gte: since }, report: { guildId, reporterId } },
    select: { createdAt: true, report: { select: { id: true, reportedUserId: true, status: true } } },
  });
  return rows.map((r) => ({ reportId: r.report.id, reportedUserId: r.report.reportedUserId, reportStatus: r.report.status, submittedAt: r.createdAt }));
}

async function createIn(
  tx: Tx,
  guildId: string,
  report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean },
  submission: NewSubmission,
): Promise<ReportWithSubmissions> {
  const number = await nextNumber(tx, 'GuildReportCounter', guildId);
  const created = await tx.report.create({
    data: { guildId, number, ...report, submissions: { create: [submissionData(guildId, submission)] } },
    select: withSubmissions,
  });
  await tx.caseEvent.create({
    data: eventRow(guildId, null, {
      type: 'report_submitted',
      actorId: report.reporterId,
      data: { reportId: created.id, number, kind: submission.kind, realLife: report.realLife },
    }),
  });
  return toReport(created);
}

async function addSubmissionIn(
  tx: Tx,
  guildId: string,
  reportId: string,
  submission: NewSubmission,
  flags: { realLife: boolean; offPlatform: boolean },
): Promise<ReportWithSubmissions | null> {
  const { count } = await tx.report.updateMany({
    where: { id: reportId, guildId, status: 'open' },
    data: { ...(flags.realLife ? { realLife: true } : {}), ...(flags.offPlatform ? { offPlatform: true } : {}), updatedAt: new Date() },
  });
  if (count === 0) return null;
  await tx.reportSubmission.create({ data: { ...submissionData(guildId, submission), reportId } });
  const report = await tx.report.findFirstOrThrow({ where: { id: reportId, guildId }, select: withSubmissions });
  await tx.caseEvent.create({
    data: eventRow(guildId, null, {
      type: 'report_submission_added',
      actorId: report.reporterId,
      data: { reportId, number: report.number, kind: submission.kind, submissions: report.submissions.length },
    }),
  });
  return toReport(report);
}

/** Prisma implementation of ReportRepository. Every query names the guild. */
export class PrismaReportRepository implements ReportRepository {
  constructor(private readonly prisma: PrismaClient) {}

  forGuild(guildId: string): GuildReports {
    assertGuildId(guildId);
    return {
      recentSubmissionsBy: (reporterId: string, since: Date): Promise<RecentSubmission[]> => {
        return recentIn(this.prisma, guildId, reporterId, since);
      },
      submit: (
        report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean },
        submission: NewSubmission,
        since: Date,
        decide: (recent: readonly RecentSubmission[]) => SubmissionDecision,
        owed: (report: ReportWithSubmissions) => readonly NewOwedAction[] = () => [],
      ): Promise<SubmitOutcome> => {
        return this.prisma.$transaction(async (tx) => {
          // One reporter's forms one at a time: the limit and the merge see each other's submissions.
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${guildId}), hashtext(${report.reporterId}))`;
          const decision = decide(await recentIn(tx, guildId, report.reporterId, since));
          if (!decision.ok) return decision;
          // A report handled a moment ago takes no more submissions: this one starts a new report.
          const merged = decision.value.kind === 'merge' ? await addSubmissionIn(tx, guildId, decision.value.reportId, submission, report) : null;
          const saved = merged ?? (await createIn(tx, guildId, report, submission));
          await owe(tx, guildId, owed(saved));
          return { ok: true, report: saved, merged: merged !== null };
        });
      },
      create: (
        report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean },
        submission: NewSubmission,
      ): Promise<ReportWithSubmissions> => {
        return this.prisma.$transaction((tx) => createIn(tx, guildId, report, submission));
      },
      addSubmission: (reportId: string, submission: NewSubmission, flags: { realLife: boolean; offPlatform: boolean }): Promise<ReportWithSubmissions | null> => {
        return this.prisma.$transaction((tx) => addSubmissionIn(tx, guildId, reportId, submission, flags));
      },
      find: async (reportId: string): Promise<ReportWithSubmissions | null> => {
        const row = await this.prisma.report.findFirst({ where: { id: reportId, guildId }, select: withSubmissions });
        return row ? toReport(row) : null;
      },
      findByNumber: async (number: number): Promise<ReportWithSubmissions | null> => {
        const row = await this.prisma.report.findUnique({ where: { guildId_number: { guildId, number } }, select: withSubmissions });
        return row ? toReport(row) : null;
      },
      triage: <T>(
        reportId: string,
        handling: ReportHandling,
        event: EventInput,
        work: (report: ReportWithSubmissions, writes: TriageWrites) => Promise<T>,
      ): Promise<{ claimed: ReportRecord; value: T } | null> => {
        return this.prisma.$transaction(async (tx) => {
          const { count } = await tx.report.updateMany({
            where: { id: reportId, guildId, status: 'open' },
            data: { status: handling.status, handledById: handling.handledById, handledAt: handling.at, dismissReason: handling.dismissReason ?? null },
          });
          if (count === 0) return null;
          await tx.caseEvent.create({ data: eventRow(guildId, null, { ...event, data: { ...event.data, reportId } }) });
          const row = await tx.report.findFirstOrThrow({ where: { id: reportId, guildId }, select: withSubmissions });
          const report = toReport(row);
          const writes: TriageWrites = {
            findCase: (number) => findCaseIn(tx, guildId, number),
            openCase: (input, owed) => openIn(tx, guildId, input, owed),
            addSide: (caseId, side, then) => addSideIn(tx, guildId, caseId, side, then),
            async linkCase(caseId, linked) {
              await tx.report.update({ where: { id: reportId, guildId }, data: { caseId } });
              await tx.caseEvent.create({ data: eventRow(guildId, caseId, { ...linked, data: { ...linked.data, reportId } }) });
            },
            owe: (actions) => owe(tx, guildId, actions),
          };
          const value = await work(report, writes);
          // As the work left it (linked to its case, say).
          const claimed = await tx.report.findFirstOrThrow({ where: { id: reportId, guildId }, select: reportSelect });
          return { claimed, value };
        });
      },
      listOpen: async (page: number, pageSize: number): Promise<{ items: ReportWithSubmissions[]; total: number }> => {
        const where = { guildId, status: 'open' as const };
        const [rows, total] = await this.prisma.$transaction([
          this.prisma.report.findMany({ where, select: withSubmissions, orderBy: { number: 'desc' }, skip: page * pageSize, take: pageSize }),
          this.prisma.report.count({ where }),
        ]);
        return { items: rows.map(toReport), total };
      },
      countReportsOf: (reportedUserId: string, exceptReportId: string): Promise<number> => {
        return this.prisma.report.count({ where: { guildId, reportedUserId, id: { not: exceptReportId } } });
      },
    };
  }
}

