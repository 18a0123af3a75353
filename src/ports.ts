/**
 * The interfaces the services need from the outside world. Persistence
 * (src/persistence) and Discord (src/discord) implement them; unit tests use
 * in-memory fakes (test/support/fakes).
 */
import type { AuditEventType } from './domain/audit-events.js';
import type { StatsInput } from './domain/case-stats.js';
import type { Language } from './i18n/languages.js';
import type { RecentSubmission, SubmissionPlan } from './domain/reports.js';
import type { NewOwedAction } from './actions/types.js';
import type {
  CaseCategory,
  CaseOutcome,
  CaseStatus,
  ExposureLocation,
  PartyRole,
  ReportKind,
  ReportStatus,
  SafeChatTopic,
  StatementSource,
  Urgency,
  CheckInAnswer,
  CheckInTrigger,
} from './domain/types.js';

// ---------- records ----------

export type GuildSettings = {
  readonly guildId: string;
  readonly staffRoleId: string;
  readonly adminRoleId: string;
  readonly escalationChannelId: string;
  readonly interviewChannelId: string;
  readonly caseLogChannelId: string | null;
  /** Where chatters' reports are queued; the case-log channel when null. */
  readonly reportsChannelId: string | null;
  /** Closed cases are deleted this many days after closing; null keeps them forever. */
  readonly retentionDays: number | null;
  readonly communityName: string;
  readonly standardsUrl: string;
  /** What parties, reporters and staff channels read (replies follow the moderator's own locale). */
  readonly language: Language;
  /** An escalation not acknowledged this many hours later is pinged once more; 0 = never. */
  readonly escalationReminderHours: number;
  /** Open cases idle this many days are listed in the daily digest (case-log channel); 0 = no digest. */
  readonly staleDays: number;
  /** Each party of an open case is asked how things are this many days after opening (and after each further /safechat); 0 = never. */
  readonly followupDays: number;
};

export type CaseRecord = {
  readonly id: string;
  readonly guildId: string;
  readonly number: number;
  readonly category: CaseCategory;
  readonly status: CaseStatus;
  readonly realLife: boolean;
  readonly offPlatform: boolean;
  readonly exposureLocation: ExposureLocation | null;
  readonly summary: string;
  readonly openedById: string;
  readonly outcome: CaseOutcome | null;
  readonly closeReason: string | null;
  readonly closedById: string | null;
  /** An admin's legal hold: the retention sweep never deletes the case. */
  readonly legalHold: boolean;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
};

export type PartyRecord = {
  readonly id: string;
  readonly caseId: string;
  readonly userId: string;
  readonly role: PartyRole;
  readonly position: number;
  readonly threadId: string | null;
};

export type StatementRecord = {
  readonly id: string;
  readonly partyId: string;
  readonly recordedById: string;
  readonly text: string;
  readonly source: StatementSource;
  readonly sourceUrl: string | null;
  readonly createdAt: Date;
};

export type NoteRecord = { readonly id: string; readonly authorId: string; readonly text: string; readonly createdAt: Date };

export type EscalationRecord = {
  readonly id: string;
  readonly caseId: string;
  readonly escalatedById: string;
  readonly reason: string;
  readonly urgency: Urgency;
  readonly channelId: string | null;
  readonly messageId: string | null;
  readonly acknowledgedById: string | null;
  readonly acknowledgedAt: Date | null;
  readonly createdAt: Date;
};

export type DeliveryRecord = {
  readonly id: string;
  readonly caseId: string | null;
  readonly userId: string;
  readonly topics: readonly SafeChatTopic[];
  readonly channel: 'dm' | 'interview_thread' | 'none';
  readonly delivered: boolean;
  readonly failureReason: string | null;
  readonly createdAt: Date;
};

/** A check-in sent to a party (or tried): how are things now? */
export type CheckInRecord = {
  readonly id: string;
  readonly caseId: string;
  readonly partyId: string;
  readonly userId: string;
  readonly trigger: CheckInTrigger;
  /** `sending` until the delivery is recorded (its buttons may already be answered). */
  readonly status: 'sending' | 'sent' | 'not_delivered';
  readonly channel: 'dm' | 'interview_thread' | null;
  readonly failureReason: string | null;
  readonly answer: CheckInAnswer | null;
  readonly answeredAt: Date | null;
  readonly requestedById: string;
  readonly createdAt: Date;
};

/** A check-in about to be sent: its row exists before its buttons do. */
export type NewCheckIn = Pick<CheckInRecord, 'id' | 'caseId' | 'partyId' | 'userId' | 'trigger' | 'requestedById'>;

/** What answering a check-in writes besides the answer, in the same transaction (see GuildCases.answerCheckIn). */
export type AnswerFollowUp = {
  readonly events: readonly EventInput[];
  readonly owed: readonly NewOwedAction[];
  /** Raise the case's real-life flag (with its event), when it is not raised yet. */
  readonly raiseRealLife: boolean;
  /** Open an escalation, as addEscalation does. */
  readonly escalation: {
    readonly input: NewEscalation;
    readonly event: EventInput;
    readonly owe: (escalation: EscalationRecord) => readonly NewOwedAction[];
  } | null;
};

export type EventRecord = {
  readonly id: string;
  readonly caseId: string | null;
  readonly actorId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: Date;
};

export type TranscriptAttachment = { readonly name: string; readonly url: string; readonly size: number | null; readonly contentType: string | null };

/** One message of an interview thread, as copied from Discord. */
export type TranscriptMessage = {
  readonly messageId: string;
  readonly threadId: string;
  readonly partyId: string | null;
  readonly authorId: string;
  readonly authorName: string;
  readonly content: string;
  readonly attachments: readonly TranscriptAttachment[];
  /** Embeds as Discord gave them (title, description, fields, footer, url...). */
  readonly embeds: readonly unknown[];
  readonly sentAt: Date;
  readonly editedAt: Date | null;
};

/** A case with its parties: what most commands need. */
export type CaseWithParties = CaseRecord & { readonly parties: readonly PartyRecord[] };

/** Everything `/case view` shows. */
export type CaseDetail = CaseWithParties & {
  readonly statements: readonly StatementRecord[];
  readonly escalations: readonly EscalationRecord[];
  readonly notes: readonly NoteRecord[];
  readonly deliveries: readonly DeliveryRecord[];
  readonly checkIns: readonly CheckInRecord[];
  readonly recentEvents: readonly EventRecord[];
};

// ---------- inputs ----------

/** An audit event as a change writes it: its type is one of the log's kinds (src/domain/audit-events.ts). */
export type EventInput = { readonly type: AuditEventType; readonly actorId: string; readonly data?: Record<string, unknown> };

export type NewStatement = {
  readonly recordedById: string;
  readonly text: string;
  readonly source: StatementSource;
  readonly sourceMessageId?: string;
  readonly sourceUrl?: string;
};

/** A case to open; the guild is the one its GuildCases was taken for. */
export type NewCase = {
  readonly category: CaseCategory;
  readonly realLife: boolean;
  readonly offPlatform: boolean;
  readonly exposureLocation: ExposureLocation | null;
  readonly summary: string;
  readonly openedById: string;
  readonly parties: readonly { readonly userId: string; readonly role: PartyRole }[];
};

/** A party's side: a party of the case (by id) or a new one, and what they said (none when only added). */
export type NewSide = {
  readonly party: { readonly id: string } | { readonly userId: string; readonly role: PartyRole };
  readonly statement: NewStatement | null;
};

/** What adding a side writes besides: its events and the Discord work owed, once the party is known. */
export type SideFollowUp = (party: PartyRecord, added: boolean) => { readonly events: readonly EventInput[]; readonly owed: readonly NewOwedAction[] };

export type AddedSide = { readonly party: PartyRecord; readonly statement: StatementRecord | null };

export type NewEscalation = { readonly escalatedById: string; readonly reason: string; readonly urgency: Urgency };

export type CaseClosing = { readonly outcome: CaseOutcome; readonly reason: string; readonly closedById: string; readonly at: Date };

export type NewDelivery = Omit<DeliveryRecord, 'id' | 'createdAt'> & { readonly requestedById: string };

/** The desk board's filters (all optional, all together), and its page: the `take` newest numbered below `before`. */
export type BoardQuery = {
  readonly status?: CaseStatus;
  readonly category?: CaseCategory;
  readonly flag?: 'real_life' | 'off_platform';
  /** Only cases with an escalation nobody has acknowledged. */
  readonly unacknowledged?: boolean;
  /** Only cases not closed with no audit event after this (stale). */
  readonly idleSince?: Date;
  /** Only cases this member is a party to. */
  readonly partyUserId?: string;
  readonly before: number | null;
  readonly take: number;
};

export type CaseListQuery = {
  readonly status?: CaseStatus;
  readonly page: number;
  readonly pageSize: number;
};

// ---------- repositories ----------

/** What /setup saves: the settings without the guild they belong to. */
export type SettingsValues = Omit<GuildSettings, 'guildId'>;

/** One guild's settings (SettingsRepository.forGuild). */
export interface GuildSettingsStore {
  get(): Promise<GuildSettings | null>;
  /** Creates or replaces the settings and writes a `settings_updated` event, atomically. */
  save(settings: SettingsValues, actorId: string): Promise<GuildSettings>;
}

export interface SettingsRepository {
  /** The GuildSettingsStore of one guild: nothing reached through it touches another guild. */
  forGuild(guildId: string): GuildSettingsStore;
  /** Across guilds, for the daily digest: the settings of every guild with a case-log channel and `staleDays` above 0. */
  withStaleDigest(): Promise<readonly GuildSettings[]>;
}

/**
 * The cases of one guild (CaseRepository.forGuild). Every query names that
 * guild: a case, party or escalation id of another guild is not found by a
 * read and refused by a write. Every method that changes something writes its CaseEvent in the same
 * transaction; those that change a case lock its row and re-check its
 * status there (CaseStateConflict when it no longer allows the change).
 */
export interface GuildCases {
  /** Case number, case, parties, the `case_opened` event and the Discord work owed for it: one transaction. */
  open(input: NewCase, owe?: (opened: CaseWithParties) => readonly NewOwedAction[]): Promise<CaseWithParties>;
  find(number: number): Promise<CaseWithParties | null>;
  findById(caseId: string): Promise<CaseWithParties | null>;
  /** The case whose party has this interview thread. */
  findByThread(threadId: string): Promise<CaseWithParties | null>;
  detail(number: number, recentEvents: number): Promise<CaseDetail | null>;
  /** Who said what, without the rest of the record: what counting the sides heard needs. */
  sideStatements(caseId: string): Promise<readonly { readonly partyId: string; readonly text: string }[]>;
  list(query: CaseListQuery): Promise<{ readonly items: readonly CaseRecord[]; readonly total: number }>;
  /** The desk's board: newest first, the `take` cases numbered below `before` (all when null), of one status or all; a key, not an offset, so any page is as quick as the first. */
  board(query: BoardQuery): Promise<readonly CaseRecord[]>;
  /** How many cases of each status the guild has. */
  statusCounts(): Promise<Readonly<Record<CaseStatus, number>>>;
  /** Cases (not closed) in which the user is a party. */
  openCasesOfUser(userId: string): Promise<readonly CaseRecord[]>;
  /** What /case stats is computed from: the cases opened or closed since `since`, with their principal parties' first statements, and the escalations made since. */
  statsSince(since: Date): Promise<StatsInput>;
  /** Cases not closed whose last audit event (or opening) is at or before `idleSince`, the longest idle first: at most `limit`. */
  idleCases(idleSince: Date, limit: number): Promise<readonly IdleCase[]>;
  /** Which of these cases have the user as a party. */
  casesWithParty(userId: string, caseIds: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * A party's side, in one transaction that re-checks the case's status
   * under a lock: the party (added when new), the statement if any, the
   * events and the Discord work owed. Throws CaseStateConflict, saving
   * nothing, when the case no longer allows it.
   */
  addSide(
    caseId: string,
    side: NewSide,
    then: SideFollowUp,
  ): Promise<AddedSide>;
  /** A statement of a party already on the case (status re-checked under a lock, as addSide). */
  addStatement(
    caseId: string,
    statement: NewStatement & { readonly partyId: string },
    event: EventInput,
  ): Promise<StatementRecord>;
  addNote(caseId: string, note: { authorId: string; text: string }, event: EventInput): Promise<NoteRecord>;
  addEscalation(
    caseId: string,
    escalation: NewEscalation,
    event: EventInput,
    owe?: (escalation: EscalationRecord) => readonly NewOwedAction[],
  ): Promise<EscalationRecord>;
  findEscalation(escalationId: string): Promise<EscalationRecord | null>;
  /** Records the first acknowledgement only; returns null if already acknowledged. */
  acknowledgeEscalation(
    escalationId: string,
    adminId: string,
    at: Date,
    /** The event's extra data (its source), and Discord work owed with it (the post marked from the desk). */
    also?: { readonly data?: Record<string, unknown>; readonly owe?: (acknowledged: EscalationRecord) => readonly NewOwedAction[] },
  ): Promise<EscalationRecord | null>;
  close(
    caseId: string,
    close: CaseClosing,
    event: EventInput,
    owe?: (closed: CaseWithParties) => readonly NewOwedAction[],
  ): Promise<CaseWithParties>;
  recordDelivery(
    delivery: NewDelivery,
    event: EventInput,
  ): Promise<DeliveryRecord>;
  recentDeliveries(userId: string, since: Date): Promise<readonly DeliveryRecord[]>;
  /** The id of the owed check-in that stands for the party's next one (a later one replaces it), or null. */
  pendingCheckInOf(partyId: string): Promise<string | null>;
  /** Records a check-in about to be sent (once: a retry finds the row already there). */
  startCheckIn(checkIn: NewCheckIn): Promise<void>;
  findCheckIn(checkInId: string): Promise<CheckInRecord | null>;
  /** A case's check-ins, oldest first. */
  checkInsOf(caseId: string): Promise<readonly CheckInRecord[]>;
  /**
   * The party's answer, once, in one transaction with what it leads to:
   * under the case's lock (CaseStateConflict when the case is closed), the
   * answer is recorded only if the check-in is the user's and unanswered;
   * then `then` says what else to write. Null, writing nothing, when it was
   * answered already (or is not the user's).
   */
  answerCheckIn(
    checkInId: string,
    answer: { readonly userId: string; readonly answer: CheckInAnswer; readonly at: Date },
    then: (checkIn: CheckInRecord, theCase: CaseWithParties) => AnswerFollowUp,
  ): Promise<{ readonly checkIn: CheckInRecord; readonly escalation: EscalationRecord | null } | null>;
  appendEvent(caseId: string | null, event: EventInput): Promise<void>;
}

/** Taken for one guild at a time (see GuildCases). */
export interface CaseRepository {
  /** The GuildCases of one guild: nothing reached through it touches another guild. */
  forGuild(guildId: string): GuildCases;
}

// ---------- reports ----------

/** The reported message as it was when reported. */
export type MessageEvidence = {
  readonly messageId: string;
  readonly channelId: string;
  readonly authorId: string;
  /** Null when only the message's id and link are known (the form outlived what was captured). */
  readonly content: string | null;
  readonly sentAt: Date | null;
  readonly attachments: readonly { readonly name: string; readonly url: string }[];
  readonly link: string;
};

export type NewSubmission = {
  readonly kind: ReportKind;
  readonly whatHappened: string;
  readonly since: string | null;
  readonly elsewhere: string | null;
  readonly realLifeAnswer: string | null;
  readonly other: string | null;
  readonly evidence: MessageEvidence | null;
};

export type ReportSubmissionRecord = NewSubmission & { readonly id: string; readonly reportId: string; readonly createdAt: Date };

export type ReportRecord = {
  readonly id: string;
  readonly guildId: string;
  readonly number: number;
  readonly reporterId: string;
  readonly reportedUserId: string;
  readonly status: ReportStatus;
  readonly realLife: boolean;
  readonly offPlatform: boolean;
  readonly caseId: string | null;
  readonly handledById: string | null;
  readonly handledAt: Date | null;
  readonly dismissReason: string | null;
  readonly queueChannelId: string | null;
  readonly queueMessageId: string | null;
  readonly createdAt: Date;
};

export type ReportWithSubmissions = ReportRecord & { readonly submissions: readonly ReportSubmissionRecord[] };

export type ReportHandling = {
  readonly status: Exclude<ReportStatus, 'open'>;
  readonly handledById: string;
  readonly at: Date;
  readonly dismissReason?: string;
};

/** Where a report form goes, or why it is refused (with when the reporter may send again). */
export type SubmissionDecision =
  | { readonly ok: true; readonly value: SubmissionPlan }
  | { readonly ok: false; readonly reason: 'report-rate-limited'; readonly until: Date };

export type SubmitOutcome =
  | { readonly ok: true; readonly report: ReportWithSubmissions; readonly merged: boolean }
  | Extract<SubmissionDecision, { ok: false }>;

/** The reports of one guild (ReportRepository.forGuild); every change writes its CaseEvent in the same transaction. */
export interface GuildReports {
  /** The reporter's submissions since `since`, with their reports' status. */
  recentSubmissionsBy(reporterId: string, since: Date): Promise<readonly RecentSubmission[]>;
  /**
   * A reporter's form, in one transaction serialised per reporter: reads
   * their recent submissions, asks `decide` (the rate limit, merge or new),
   * then adds to the open report it names (a new one if that was handled
   * meanwhile) or creates one. Two forms at the same instant cannot both
   * pass the limit, nor open two reports.
   */
  submit(
    report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean },
    submission: NewSubmission,
    since: Date,
    decide: (recent: readonly RecentSubmission[]) => SubmissionDecision,
    owe?: (report: ReportWithSubmissions) => readonly NewOwedAction[],
  ): Promise<SubmitOutcome>;
  /** A new numbered report with its first submission and a `report_submitted` event. */
  create(report: { reporterId: string; reportedUserId: string; realLife: boolean; offPlatform: boolean }, submission: NewSubmission): Promise<ReportWithSubmissions>;
  /** One more submission for a report still open (flags only ever turn on); null when it is no longer open. */
  addSubmission(reportId: string, submission: NewSubmission, flags: { realLife: boolean; offPlatform: boolean }): Promise<ReportWithSubmissions | null>;
  find(reportId: string): Promise<ReportWithSubmissions | null>;
  findByNumber(number: number): Promise<ReportWithSubmissions | null>;
  /**
   * Takes an open report for triage and runs `work` in the same
   * transaction: the claim (with its event) and every write of the work
   * commit together, or none does (the work threw). Null, running nothing,
   * when the report is no longer open (someone else took it first).
   */
  triage<T>(
    reportId: string,
    handling: ReportHandling,
    event: EventInput,
    work: (report: ReportWithSubmissions, writes: TriageWrites) => Promise<T>,
  ): Promise<{ readonly claimed: ReportRecord; readonly value: T } | null>;
  listOpen(page: number, pageSize: number): Promise<{ readonly items: readonly ReportWithSubmissions[]; readonly total: number }>;
  /** How many other reports name this member. */
  countReportsOf(reportedUserId: string, exceptReportId: string): Promise<number>;
}

/** Taken for one guild at a time (see GuildReports). */
export interface ReportRepository {
  /** The GuildReports of one guild: nothing reached through it touches another guild. */
  forGuild(guildId: string): GuildReports;
}

/**
 * The writes a report's triage makes, inside the transaction that takes the
 * report (see GuildReports.triage). They behave as the GuildCases
 * methods of the same names, for the report's guild.
 */
export type TriageWrites = {
  /** The case by number, as this transaction sees it. */
  findCase(number: number): Promise<CaseWithParties | null>;
  openCase(input: NewCase, owe: (opened: CaseWithParties) => readonly NewOwedAction[]): Promise<CaseWithParties>;
  addSide(caseId: string, side: NewSide, then: SideFollowUp): Promise<AddedSide>;
  /** Records the case the report became or joined, with its event (on that case). */
  linkCase(caseId: string, event: EventInput): Promise<void>;
  /** Discord work owed by the triage itself (the queue post, the reporter's DM). */
  owe(actions: readonly NewOwedAction[]): Promise<void>;
};

/** What the staff queue shows of a report. */
export type ReportQueueView = {
  readonly report: ReportWithSubmissions;
  readonly history: { readonly openCases: readonly { readonly number: number; readonly status: CaseStatus }[]; readonly earlierReports: number };
  /** Set once handled: the case number it became or joined. */
  readonly caseNumber: number | null;
  /** The server's language, which staff channels read. */
  readonly language: Language;
};

export interface ReportQueue {
  /** Posts the report in the staff channel, with its triage controls; pings nobody. */
  post(channelId: string, view: ReportQueueView, nonce?: string): Promise<DiscordOutcome<{ channelId: string; messageId: string }>>;
  /** Replaces the posted report (new submission, or handled: controls removed). */
  update(channelId: string, messageId: string, view: ReportQueueView): Promise<DiscordOutcome<void>>;
}

// ---------- the case record: transcripts, evidence, related cases, retention ----------

export type EvidenceRecord = {
  readonly id: string;
  readonly caseId: string;
  readonly number: number;
  readonly kind: 'file' | 'message';
  readonly addedById: string;
  readonly note: string | null;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly storage: 'database' | 'files';
  /** For files storage: the path under the evidence directory. */
  readonly path: string | null;
  readonly sourceUrl: string | null;
  readonly createdAt: Date;
};

export type NewEvidence = Omit<EvidenceRecord, 'id' | 'caseId' | 'number' | 'createdAt'> & {
  /** The bytes when stored in the database; null when stored as a file. */
  readonly bytes: Uint8Array | null;
};

/** Another case of the guild that involves the given users, with those users' roles in it. */
export type InvolvingCase = {
  readonly number: number;
  readonly status: CaseStatus;
  readonly outcome: CaseOutcome | null;
  readonly createdAt: Date;
  readonly roles: readonly { readonly userId: string; readonly role: PartyRole }[];
};

export type ExpiredCase = { readonly id: string; readonly number: number; readonly closedAt: Date; readonly evidencePaths: readonly string[] };

/** Transcripts, evidence, related cases and expiry of one guild's cases (CaseRecordRepository.forGuild). */
export interface GuildCaseRecords {
  /** Stores the copied thread messages (a message already stored is updated, not repeated), with its event. */
  saveTranscript(caseId: string, messages: readonly TranscriptMessage[], event: EventInput): Promise<void>;
  transcript(caseId: string): Promise<readonly TranscriptMessage[]>;
  /** Numbered per case (E1, E2...), with its event, in one transaction. */
  addEvidence(caseId: string, evidence: NewEvidence, event: EventInput): Promise<EvidenceRecord>;
  evidenceOf(caseId: string): Promise<readonly EvidenceRecord[]>;
  /** The bytes kept in the database for this item (null for files storage or another guild). */
  evidenceBytes(evidenceId: string): Promise<Uint8Array | null>;
  /** The whole audit log of a case, oldest first. */
  allEvents(caseId: string): Promise<readonly EventRecord[]>;
  setLegalHold(caseId: string, hold: boolean, event: EventInput): Promise<void>;
  /** Other cases of the guild in which any of these users is a party. */
  casesInvolving(userIds: readonly string[], exceptCaseId: string): Promise<readonly InvolvingCase[]>;
  /** Closed cases not on hold, closed before `closedBefore`, oldest first. */
  expiredCases(closedBefore: Date, limit: number): Promise<readonly ExpiredCase[]>;
  /**
   * Deletes those of these cases that are still expired (closed, not on hold,
   * closed before the cutoff, of this guild), with everything about them, and
   * writes a retention log row for each, in one transaction. Returns the cases
   * it deleted.
   */
  deleteExpired(cases: readonly ExpiredCase[], retentionDays: number, at: Date): Promise<readonly ExpiredCase[]>;
}

/** Taken for one guild at a time (see GuildCaseRecords); the retention policies span guilds. */
export interface CaseRecordRepository {
  /** The GuildCaseRecords of one guild: nothing reached through it touches another guild. */
  forGuild(guildId: string): GuildCaseRecords;
  /** Guilds that keep closed cases for a limited time. */
  retentionPolicies(): Promise<readonly { readonly guildId: string; readonly retentionDays: number }[]>;
}

/** Evidence bytes kept as files (EVIDENCE_STORE=files). */
export interface EvidenceFiles {
  /** Writes the bytes; returns the path to keep in the record. */
  write(bytes: Uint8Array, sha256: string): Promise<string>;
  /** Null when the file is gone. */
  read(path: string): Promise<Uint8Array | null>;
  remove(path: string): Promise<void>;
}

/** A message as Discord gave it, read for the record. */
export type FetchedMessage = {
  readonly id: string;
  readonly channelId: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly content: string;
  readonly sentAt: Date;
  readonly editedAt: Date | null;
  readonly attachments: readonly { readonly name: string; readonly url: string; readonly size: number | null; readonly contentType: string | null }[];
  readonly embeds: readonly unknown[];
  /** The message exactly as the API returned it. */
  readonly raw: unknown;
};

/** An open case nobody has touched for a while, with when it was last touched. */
export type IdleCase = { readonly case: CaseRecord; readonly lastActivity: Date };

export interface CaseRecordDiscord {
  /** Deletes a message on this server (staff removing content, kept first as evidence). */
  deleteMessage(channelId: string, messageId: string): Promise<DiscordOutcome<void>>;
  /** Posts text in a staff channel (in parts when longer than one message), pinging nobody. */
  postText(channelId: string, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>>;
  /** Every message of a thread, oldest first. */
  threadMessages(threadId: string): Promise<DiscordOutcome<readonly FetchedMessage[]>>;
  message(channelId: string, messageId: string): Promise<DiscordOutcome<FetchedMessage>>;
  /** Downloads a file; `too-large` (without reading further) when it exceeds maxBytes. */
  download(url: string, maxBytes: number): Promise<DiscordOutcome<{ bytes: Uint8Array; contentType: string | null }> | { ok: false; reason: 'too-large'; detail: string }>;
  /** Posts files (transcripts) in a staff channel, pinging nobody. */
  postFiles(channelId: string, content: string, files: readonly { name: string; data: string }[], nonce?: string): Promise<DiscordOutcome<{ messageId: string }>>;
}

export interface Clock {
  now(): Date;
}

// ---------- Discord ports ----------

/** Why a Discord call did not happen. Adapters map Discord's error codes to these. */
export type DiscordFailureReason =
  | 'missing-permissions' // 50013
  | 'missing-access' // 50001
  | 'cannot-dm' // 50007
  | 'unknown-channel' // 10003: deleted by hand, for instance
  | 'unknown-message' // 10008
  | 'unavailable'; // anything else: outage, timeout, rate limit that did not clear

export type DiscordOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: DiscordFailureReason; readonly detail: string };

export interface InterviewThreads {
  /**
   * Creates a private, non-invitable thread under `parentChannelId`, adds
   * exactly `memberIds`, and posts `intro`, which may mention `addresseeId` only.
   */
  open(input: {
    guildId: string;
    parentChannelId: string;
    name: string;
    memberIds: readonly string[];
    addresseeId: string;
    intro: string;
    /** Take up a thread of this name that Discord already has (opened before, never recorded) instead of a second one. */
    reuseExisting?: boolean;
    /** The introduction's nonce: a retried post returns the first message (see src/discord/message-nonce.ts). */
    nonce?: string;
  }): Promise<DiscordOutcome<{ threadId: string }>>;
  /** Posts in a thread; mentions nobody. */
  post(threadId: string, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>>;
  /** Posts the closing message, then archives and locks the thread. */
  close(threadId: string, closingMessage: string, nonce?: string): Promise<DiscordOutcome<void>>;
  /** Deletes a thread the record does not know (its recording failed), so that a retry starts clean. */
  remove(threadId: string): Promise<DiscordOutcome<void>>;
}

/** A check-in as sent: the same words for every party; the adapter adds the three answer buttons. */
export type CheckInMessage = {
  readonly guildId: string;
  readonly checkInId: string;
  readonly content: string;
  readonly labels: Readonly<Record<CheckInAnswer, string>>;
};

/** Where check-ins go, and whether their member is still on the server. */
export interface CheckInMessages {
  /** True while the user is a member of the guild (a member who left is not messaged). */
  isMember(guildId: string, userId: string): Promise<DiscordOutcome<boolean>>;
  /** By DM (Discord refuses with cannot-dm when the member takes none). */
  dm(userId: string, message: CheckInMessage, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>>;
  /** In the party's interview thread, mentioning only them. */
  inThread(threadId: string, userId: string, message: CheckInMessage, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>>;
}

/** A member's roles right now (the desk's access check): null when they are not a member. */
export interface MemberRoles {
  rolesOf(guildId: string, userId: string): Promise<DiscordOutcome<readonly string[] | null>>;
}

export interface DirectMessages {
  send(userId: string, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>>;
}

export type EscalationNotice = {
  readonly guildId: string;
  readonly caseNumber: number;
  readonly category: CaseRecord['category'];
  readonly realLife: boolean;
  readonly offPlatform: boolean;
  readonly sidesHeard: { readonly heard: number; readonly of: number };
  readonly reason: string;
  readonly urgency: Urgency;
  readonly escalatedById: string;
  readonly escalationId: string;
  readonly threadIds: readonly string[];
  /** The server's language (absent in posts queued before there were languages: English). */
  readonly language?: Language;
};

export interface EscalationNotifier {
  /** Posts in the escalation channel, mentioning only the admin role. */
  notify(channelId: string, adminRoleId: string, notice: EscalationNotice, nonce?: string): Promise<DiscordOutcome<{ channelId: string; messageId: string }>>;
  /** Turns the post into its acknowledged form (who, when; the button disabled), as the button does; in the post's language. */
  markAcknowledged(channelId: string, messageId: string, escalationId: string, adminId: string, at: Date, language: Language): Promise<DiscordOutcome<void>>;
  /** Pings the admin role once more with `content`, as a reply to the escalation post when there is one; mentions nobody else. */
  remind(channelId: string, adminRoleId: string, replyTo: string | null, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>>;
}
