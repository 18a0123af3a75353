/**
 * ReportRepository in memory, with the Prisma one's semantics: guild
 * scoping, gapless per-guild numbers, conditional claims, an event per change.
 */
import type { RecentSubmission } from '../../../src/domain/reports.js';
import type {
  Clock,
  EventInput,
  NewSubmission,
  ReportHandling,
  ReportRecord,
  ReportRepository,
  ReportSubmissionRecord,
  ReportWithSubmissions,
  SubmissionDecision,
  SubmitOutcome,
} from '../../../src/ports.js';
import type { InMemoryEventLog, UuidSequence } from './in-memory-case-repository.js';

type Row = { -readonly [K in keyof ReportRecord]: ReportRecord[K] };

export class InMemoryReportRepository implements ReportRepository {
  private readonly rows: Row[] = [];
  private readonly submissions: ReportSubmissionRecord[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly deps: { log: InMemoryEventLog; ids: UuidSequence },
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

  recentSubmissionsBy(guildId: string, reporterId: string, since: Date): Promise<RecentSubmission[]> {
    return Promise.resolve(this.recentNow(guildId, reporterId, since));
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

  /** As the Prisma repository: read, decide and write in one step (nothing else runs in between here). */
  submit(
    guildId: string,
    report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean },
    submission: NewSubmission,
    since: Date,
    decide: (recent: readonly RecentSubmission[]) => SubmissionDecision,
  ): Promise<SubmitOutcome> {
    const decision = decide(this.recentNow(guildId, report.reporterId, since));
    if (!decision.ok) return Promise.resolve(decision);
    const merged = decision.value.kind === 'merge' ? this.addSubmissionNow(guildId, decision.value.reportId, submission, report) : null;
    if (merged) return Promise.resolve({ ok: true, report: merged, merged: true });
    return Promise.resolve({ ok: true, report: this.createNow(guildId, report, submission), merged: false });
  }

  create(guildId: string, report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean }, submission: NewSubmission): Promise<ReportWithSubmissions> {
    return Promise.resolve(this.createNow(guildId, report, submission));
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

  addSubmission(guildId: string, reportId: string, submission: NewSubmission, flags: { realLife: boolean; offPlatform: boolean }): Promise<ReportWithSubmissions | null> {
    return Promise.resolve(this.addSubmissionNow(guildId, reportId, submission, flags));
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

  find(guildId: string, reportId: string): Promise<ReportWithSubmissions | null> {
    const row = this.row(guildId, reportId);
    return Promise.resolve(row ? this.full(row) : null);
  }

  findByNumber(guildId: string, number: number): Promise<ReportWithSubmissions | null> {
    const row = this.rows.find((r) => r.guildId === guildId && r.number === number);
    return Promise.resolve(row ? this.full(row) : null);
  }

  setQueueMessage(guildId: string, reportId: string, channelId: string, messageId: string): Promise<void> {
    const row = this.row(guildId, reportId);
    if (!row) return Promise.reject(new Error('no such report in this guild'));
    row.queueChannelId = channelId;
    row.queueMessageId = messageId;
    return Promise.resolve();
  }

  claim(guildId: string, reportId: string, handling: ReportHandling, event: EventInput): Promise<ReportRecord | null> {
    const row = this.row(guildId, reportId);
    if (!row || row.status !== 'open') return Promise.resolve(null);
    row.status = handling.status;
    row.handledById = handling.handledById;
    row.handledAt = handling.at;
    row.dismissReason = handling.dismissReason ?? null;
    this.deps.log.append(guildId, null, { ...event, data: { ...event.data, reportId } });
    return Promise.resolve({ ...row });
  }

  release(guildId: string, reportId: string, event: EventInput): Promise<void> {
    const row = this.row(guildId, reportId);
    if (!row) return Promise.reject(new Error('no such report in this guild'));
    Object.assign(row, { status: 'open', handledById: null, handledAt: null, dismissReason: null, caseId: null });
    this.deps.log.append(guildId, null, { ...event, data: { ...event.data, reportId } });
    return Promise.resolve();
  }

  linkCase(guildId: string, reportId: string, caseId: string, event: EventInput): Promise<void> {
    const row = this.row(guildId, reportId);
    if (!row) return Promise.reject(new Error('no such report in this guild'));
    row.caseId = caseId;
    this.deps.log.append(guildId, caseId, { ...event, data: { ...event.data, reportId } });
    return Promise.resolve();
  }

  listOpen(guildId: string, page: number, pageSize: number): Promise<{ items: ReportWithSubmissions[]; total: number }> {
    const open = this.rows.filter((r) => r.guildId === guildId && r.status === 'open').sort((a, b) => b.number - a.number);
    return Promise.resolve({ items: open.slice(page * pageSize, (page + 1) * pageSize).map((r) => this.full(r)), total: open.length });
  }

  countReportsOf(guildId: string, reportedUserId: string, exceptReportId: string): Promise<number> {
    return Promise.resolve(this.rows.filter((r) => r.guildId === guildId && r.reportedUserId === reportedUserId && r.id !== exceptReportId).length);
  }

  appendEvent(guildId: string, caseId: string | null, event: EventInput): Promise<void> {
    this.deps.log.append(guildId, caseId, event);
    return Promise.resolve();
  }
}
