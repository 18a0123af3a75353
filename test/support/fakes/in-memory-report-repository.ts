/**
 * ReportRepository in memory, with the Prisma one's semantics: guild
 * scoping, gapless per-guild numbers, conditional claims, an event per
 * change, a triage's writes undone together when it fails.
 */
import { assertGuildId } from '../../../src/persistence/guild-scope.js';
import type { RecentSubmission } from '../../../src/domain/reports.js';
import type {
  Clock,
  EventInput,
  GuildReports,
  NewSubmission,
  ReportHandling,
  ReportRecord,
  ReportRepository,
  ReportSubmissionRecord,
  ReportWithSubmissions,
  SubmissionDecision,
  SubmitOutcome,
  TriageWrites,
} from '../../../src/ports.js';
import type { NewOwedAction } from '../../../src/actions/types.js';
import type { InMemoryActionStore } from './in-memory-action-store.js';
import type { InMemoryCaseRepository, InMemoryEventLog, UuidSequence } from './in-memory-case-repository.js';
import { rollbackPoint } from './rollback-point.js';

type Row = { -readonly [K in keyof ReportRecord]: ReportRecord[K] };

export class InMemoryReportRepository implements ReportRepository {
  private readonly rows: Row[] = [];
  private readonly submissions: ReportSubmissionRecord[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly deps: { log: InMemoryEventLog; ids: UuidSequence; cases: InMemoryCaseRepository; actions: InMemoryActionStore },
  ) {}

  get size(): number {
    return this.rows.length;
  }

  get submissionCount(): number {
    return this.submissions.length;
  }

  private full(row: Row): ReportWithSubmissions {
    return { ...row, submissions: this.submissions.filter((s) => s.reportId === row.id).map((s) => structuredClone(s)) };
  }

  private row(guildId: string, reportId: string): Row | undefined {
    return this.rows.find((r) => r.guildId === guildId && r.id === reportId);
  }

  private addSubmissionRow(reportId: string, s: NewSubmission): void {
    this.submissions.push({ ...structuredClone(s), id: this.deps.ids.uuid(), reportId, createdAt: this.clock.now() });
  }

  forGuild(guildId: string): GuildReports {
    assertGuildId(guildId);
    return {
      recentSubmissionsBy: (reporterId: string, since: Date): Promise<RecentSubmission[]> => {
        return Promise.resolve(this.recentNow(guildId, reporterId, since));
      },
      /** As the Prisma repository: read, decide and write in one step (nothing else runs in between here). */
      submit: (
        report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean },
        submission: NewSubmission,
        since: Date,
        decide: (recent: readonly RecentSubmission[]) => SubmissionDecision,
        owe: (report: ReportWithSubmissions) => readonly NewOwedAction[] = () => [],
      ): Promise<SubmitOutcome> => {
        const decision = decide(this.recentNow(guildId, report.reporterId, since));
        if (!decision.ok) return Promise.resolve(decision);
        const merged = decision.value.kind === 'merge' ? this.addSubmissionNow(guildId, decision.value.reportId, submission, report) : null;
        const saved = merged ?? this.createNow(guildId, report, submission);
        this.deps.actions.addNow(guildId, owe(saved));
        return Promise.resolve({ ok: true, report: saved, merged: merged !== null });
      },
      create: (report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean }, submission: NewSubmission): Promise<ReportWithSubmissions> => {
        return Promise.resolve(this.createNow(guildId, report, submission));
      },
      addSubmission: (reportId: string, submission: NewSubmission, flags: { realLife: boolean; offPlatform: boolean }): Promise<ReportWithSubmissions | null> => {
        return Promise.resolve(this.addSubmissionNow(guildId, reportId, submission, flags));
      },
      find: (reportId: string): Promise<ReportWithSubmissions | null> => {
        const row = this.row(guildId, reportId);
        return Promise.resolve(row ? this.full(row) : null);
      },
      findByNumber: (number: number): Promise<ReportWithSubmissions | null> => {
        const row = this.rows.find((r) => r.guildId === guildId && r.number === number);
        return Promise.resolve(row ? this.full(row) : null);
      },
      /**
       * As the Prisma repository: the claim and the work's writes, all undone
       * when the work throws. (Undone by putting every table back as it was, so
       * a fake call interleaved with a failing triage is undone too; the unit
       * tests do not interleave them.)
       */
      triage: async <T>(
        reportId: string,
        handling: ReportHandling,
        event: EventInput,
        work: (report: ReportWithSubmissions, writes: TriageWrites) => Promise<T>,
      ): Promise<{ claimed: ReportRecord; value: T } | null> => {
        const row = this.row(guildId, reportId);
        if (!row || row.status !== 'open') return null;
        const { cases, actions, log } = this.deps;
        const guildCases = cases.forGuild(guildId);
        const restore = [rollbackPoint([this.rows, this.submissions, this.counters]), cases.rollbackPoint(), actions.rollbackPoint(), log.rollbackPoint()];
        try {
          row.status = handling.status;
          row.handledById = handling.handledById;
          row.handledAt = handling.at;
          row.dismissReason = handling.dismissReason ?? null;
          log.append(guildId, null, { ...event, data: { ...event.data, reportId } });
          const writes: TriageWrites = {
            findCase: (number) => guildCases.find(number),
            openCase: (input, owe) => guildCases.open(input, owe),
            addSide: (caseId, side, then) => guildCases.addSide(caseId, side, then),
            linkCase: (caseId, linked) => {
              row.caseId = caseId;
              log.append(guildId, caseId, { ...linked, data: { ...linked.data, reportId } });
              return Promise.resolve();
            },
            owe: (owed) => {
              actions.addNow(guildId, owed);
              return Promise.resolve();
            },
          };
          const value = await work(this.full(row), writes);
          return { claimed: { ...row }, value };
        } catch (error) {
          for (const undo of restore) undo();
          throw error;
        }
      },
      listOpen: (page: number, pageSize: number): Promise<{ items: ReportWithSubmissions[]; total: number }> => {
        const open = this.rows.filter((r) => r.guildId === guildId && r.status === 'open').sort((a, b) => b.number - a.number);
        return Promise.resolve({ items: open.slice(page * pageSize, (page + 1) * pageSize).map((r) => this.full(r)), total: open.length });
      },
      countReportsOf: (reportedUserId: string, exceptReportId: string): Promise<number> => {
        return Promise.resolve(this.rows.filter((r) => r.guildId === guildId && r.reportedUserId === reportedUserId && r.id !== exceptReportId).length);
      },
    };
  }

  private recentNow(guildId: string, reporterId: string, since: Date): RecentSubmission[] {
    const mine = new Map(this.rows.filter((r) => r.guildId === guildId && r.reporterId === reporterId).map((r) => [r.id, r]));
    return this.submissions
      .filter((s) => mine.has(s.reportId) && s.createdAt >= since)
      .map((s) => {
        const r = mine.get(s.reportId)!;
        return { reportId: r.id, reportedUserId: r.reportedUserId, reportStatus: r.status, submittedAt: new Date(s.createdAt) };
      });
  }

  private createNow(guildId: string, report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean }, submission: NewSubmission): ReportWithSubmissions {
    const number = (this.counters.get(guildId) ?? 0) + 1;
    this.counters.set(guildId, number);
    const row: Row = {
      id: this.deps.ids.uuid(),
      guildId,
      number,
      ...report,
      status: 'open',
      caseId: null,
      handledById: null,
      handledAt: null,
      dismissReason: null,
      queueChannelId: null,
      queueMessageId: null,
      createdAt: this.clock.now(),
    };
    this.rows.push(row);
    this.addSubmissionRow(row.id, submission);
    this.deps.log.append(guildId, null, { type: 'report_submitted', actorId: report.reporterId, data: { reportId: row.id, number, kind: submission.kind, realLife: report.realLife } });
    return this.full(row);
  }

  private addSubmissionNow(guildId: string, reportId: string, submission: NewSubmission, flags: { realLife: boolean; offPlatform: boolean }): ReportWithSubmissions | null {
    const row = this.row(guildId, reportId);
    if (!row || row.status !== 'open') return null;
    row.realLife ||= flags.realLife;
    row.offPlatform ||= flags.offPlatform;
    this.addSubmissionRow(reportId, submission);
    const full = this.full(row);
    this.deps.log.append(guildId, null, { type: 'report_submission_added', actorId: row.reporterId, data: { reportId, number: row.number, kind: submission.kind, submissions: full.submissions.length } });
    return full;
  }

  /** The 'report-queue-message' effect of an owed action (what PrismaActionStore.finish writes). */
  applyQueueMessage(guildId: string, reportId: string, channelId: string, messageId: string): void {
    const row = this.row(guildId, reportId);
    if (row) {
      row.queueChannelId = channelId;
      row.queueMessageId = messageId;
    }
  }
}
