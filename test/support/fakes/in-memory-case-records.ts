/**
 * The case record in memory (transcripts, evidence, related cases,
 * retention), over the in-memory case repository, with the Prisma one's
 * semantics; and fakes of its Discord side and of the evidence files.
 */
import { assertGuildId } from '../../../src/persistence/guild-scope.js';
import type {
  CaseRecordDiscord,
  CaseRecordRepository,
  Clock,
  DiscordFailureReason,
  DiscordOutcome,
  EventInput,
  EventRecord,
  EvidenceFiles,
  EvidenceRecord,
  ExpiredCase,
  FetchedMessage,
  GuildCaseRecords,
  InvolvingCase,
  NewEvidence,
} from '../../../src/ports.js';
import { retentionCutoff } from '../../../src/domain/retention.js';
import type { TranscriptMessage } from '../../../src/ports.js';
import type { InMemoryCaseRepository, InMemorySettingsRepository, UuidSequence } from './in-memory-case-repository.js';

/** At most this many related cases are listed, newest first (as PrismaCaseRecordRepository does). */
const RELATED_MAX = 200;

export class InMemoryCaseRecords implements CaseRecordRepository {
  private readonly transcripts: (TranscriptMessage & { guildId: string; caseId: string })[] = [];
  private readonly evidence: (EvidenceRecord & { guildId: string; bytes: Uint8Array | null })[] = [];
  readonly retentionLog: { guildId: string; caseNumber: number; closedAt: Date; retentionDays: number; deletedAt: Date }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly cases: InMemoryCaseRepository,
    private readonly settings: InMemorySettingsRepository,
    private readonly ids: UuidSequence,
  ) {}

  private event(guildId: string, caseId: string | null, event: EventInput): void {
    this.cases.log.append(guildId, caseId, event);
  }

  forGuild(guildId: string): GuildCaseRecords {
    assertGuildId(guildId);
    return {
      saveTranscript: (caseId: string, messages: readonly TranscriptMessage[], event: EventInput): Promise<void> => {
        if (!this.cases.allCases.some((c) => c.guildId === guildId && c.id === caseId)) return Promise.reject(new Error('no such case in this guild'));
        for (const m of messages) {
          const i = this.transcripts.findIndex((t) => t.caseId === caseId && t.messageId === m.messageId);
          const row = { ...structuredClone(m), guildId, caseId };
          if (i >= 0) this.transcripts[i] = row;
          else this.transcripts.push(row);
        }
        this.event(guildId, caseId, event);
        return Promise.resolve();
      },
      transcript: (caseId: string): Promise<TranscriptMessage[]> => {
        return Promise.resolve(
          this.transcripts
            .filter((t) => t.guildId === guildId && t.caseId === caseId)
            .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0))
            .map(({ guildId: _g, caseId: _c, ...m }) => structuredClone(m)),
        );
      },
      addEvidence: (caseId: string, e: NewEvidence, event: EventInput): Promise<EvidenceRecord> => {
        if (!this.cases.allCases.some((c) => c.guildId === guildId && c.id === caseId)) return Promise.reject(new Error('no such case in this guild'));
        const number = this.evidence.filter((x) => x.caseId === caseId).length + 1;
        const { bytes, ...fields } = e;
        const row = { ...fields, id: this.ids.uuid(), caseId, number, createdAt: this.clock.now(), guildId, bytes: bytes === null ? null : new Uint8Array(bytes) };
        this.evidence.push(row);
        this.event(guildId, caseId, { ...event, data: { ...event.data, evidenceId: row.id, number, sha256: row.sha256 } });
        const { guildId: _g, bytes: _b, ...record } = row;
        return Promise.resolve(record);
      },
      evidenceOf: (caseId: string): Promise<EvidenceRecord[]> => {
        return Promise.resolve(this.evidence.filter((e) => e.guildId === guildId && e.caseId === caseId).map(({ guildId: _g, bytes: _b, ...r }) => ({ ...r })));
      },
      evidenceBytes: (evidenceId: string): Promise<Uint8Array | null> => {
        const row = this.evidence.find((e) => e.guildId === guildId && e.id === evidenceId);
        return Promise.resolve(row?.bytes ? new Uint8Array(row.bytes) : null);
      },
      allEvents: (caseId: string): Promise<EventRecord[]> => {
        return Promise.resolve(this.cases.log.all().filter((e) => e.guildId === guildId && e.caseId === caseId).map(({ guildId: _g, ...e }) => e));
      },
      setLegalHold: async (caseId: string, hold: boolean, event: EventInput): Promise<void> => {
        // Async: a case of another guild rejects, as the Prisma update does, rather than throwing at the call.
        await Promise.resolve();
        this.cases.setLegalHold(guildId, caseId, hold);
        this.event(guildId, caseId, event);
      },
      casesInvolving: (userIds: readonly string[], exceptCaseId: string): Promise<InvolvingCase[]> => {
        const parties = this.cases.partiesIn(guildId).filter((p) => userIds.includes(p.userId) && p.caseId !== exceptCaseId);
        const caseIds = new Set(parties.map((p) => p.caseId));
        return Promise.resolve(
          this.cases.allCases
            .filter((c) => c.guildId === guildId && caseIds.has(c.id))
            .sort((a, b) => b.number - a.number)
            .slice(0, RELATED_MAX)
            .map((c) => ({
              number: c.number,
              status: c.status,
              outcome: c.outcome,
              createdAt: c.createdAt,
              roles: parties.filter((p) => p.caseId === c.id).map((p) => ({ userId: p.userId, role: p.role })),
            })),
        );
      },
      expiredCases: (closedBefore: Date, limit: number): Promise<ExpiredCase[]> => {
        return Promise.resolve(
          this.cases.allCases
            .filter((c) => c.guildId === guildId && c.status === 'closed' && !c.legalHold && c.closedAt !== null && c.closedAt < closedBefore)
            .sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime())
            .slice(0, limit)
            .map((c) => ({ id: c.id, number: c.number, closedAt: c.closedAt!, evidencePaths: this.evidence.filter((e) => e.caseId === c.id && e.storage === 'files' && e.path !== null).map((e) => e.path!) })),
        );
      },
      deleteExpired: (cases: readonly ExpiredCase[], retentionDays: number, at: Date): Promise<ExpiredCase[]> => {
        const cutoff = retentionCutoff(at, retentionDays);
        const still = new Set(
          this.cases.allCases.filter((c) => c.guildId === guildId && c.status === 'closed' && !c.legalHold && c.closedAt !== null && c.closedAt < cutoff).map((c) => c.id),
        );
        const doomed = cases.filter((c) => still.has(c.id));
        const ids = new Set(doomed.map((c) => c.id));
        this.cases.removeCases(guildId, ids);
        for (let i = this.transcripts.length - 1; i >= 0; i--) if (ids.has(this.transcripts[i]!.caseId)) this.transcripts.splice(i, 1);
        for (let i = this.evidence.length - 1; i >= 0; i--) if (ids.has(this.evidence[i]!.caseId)) this.evidence.splice(i, 1);
        for (const c of doomed) this.retentionLog.push({ guildId, caseNumber: c.number, closedAt: c.closedAt, retentionDays, deletedAt: at });
        return Promise.resolve(doomed);
      },
    };
  }

  /** Tamper with stored bytes, as someone with database access could. */
  tamper(evidenceId: string, bytes: Uint8Array): void {
    const row = this.evidence.find((e) => e.id === evidenceId);
    if (!row) throw new Error('no such evidence');
    row.bytes = bytes;
  }

  async retentionPolicies(): Promise<{ guildId: string; retentionDays: number }[]> {
    const out: { guildId: string; retentionDays: number }[] = [];
    for (const guildId of this.settings.guildIds) {
      const s = await this.settings.forGuild(guildId).get();
      if (s?.retentionDays) out.push({ guildId, retentionDays: s.retentionDays });
    }
    return out;
  }
}

/** What the fake Discord holds for the case record: thread histories, messages, files to download, and what was posted. */
export class FakeRecordDiscord implements CaseRecordDiscord {
  readonly threads = new Map<string, FetchedMessage[]>();
  readonly messages = new Map<string, FetchedMessage>();
  readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  readonly posts: { channelId: string; content: string; files: { name: string; data: string }[] }[] = [];
  private postFailure: DiscordFailureReason | null = null;
  private readFailure: DiscordFailureReason | null = null;

  failPosts(reason: DiscordFailureReason | null): this {
    this.postFailure = reason;
    return this;
  }

  failReads(reason: DiscordFailureReason | null): this {
    this.readFailure = reason;
    return this;
  }

  threadMessages(threadId: string): Promise<DiscordOutcome<readonly FetchedMessage[]>> {
    if (this.readFailure) return Promise.resolve({ ok: false, reason: this.readFailure, detail: 'fake' });
    return Promise.resolve({ ok: true, value: [...(this.threads.get(threadId) ?? [])] });
  }

  message(channelId: string, messageId: string): Promise<DiscordOutcome<FetchedMessage>> {
    const m = this.messages.get(`${channelId}/${messageId}`);
    return Promise.resolve(m ? { ok: true, value: m } : { ok: false, reason: 'unknown-message', detail: 'fake' });
  }

  download(url: string, maxBytes: number): ReturnType<CaseRecordDiscord['download']> {
    const file = this.files.get(url);
    if (!file) return Promise.resolve({ ok: false, reason: 'unavailable', detail: 'fake: no such file' });
    if (file.bytes.byteLength > maxBytes) return Promise.resolve({ ok: false, reason: 'too-large', detail: 'fake' });
    return Promise.resolve({ ok: true, value: { bytes: new Uint8Array(file.bytes), contentType: file.contentType } });
  }

  /** Messages deleted (Remove and keep); `deleteFailure` makes the next deletions fail. */
  readonly deleted: string[] = [];
  deleteFailure: DiscordFailureReason | null = null;

  deleteMessage(channelId: string, messageId: string): Promise<DiscordOutcome<void>> {
    if (this.deleteFailure) return Promise.resolve({ ok: false, reason: this.deleteFailure, detail: 'fake' });
    this.deleted.push(`${channelId}/${messageId}`);
    this.messages.delete(`${channelId}/${messageId}`);
    return Promise.resolve({ ok: true, value: undefined });
  }

  /** Text posts in staff channels (the stale-case digest). */
  readonly texts: { readonly channelId: string; readonly content: string }[] = [];

  postText(channelId: string, content: string): Promise<DiscordOutcome<{ messageId: string }>> {
    if (this.postFailure) return Promise.resolve({ ok: false, reason: this.postFailure, detail: 'fake' });
    this.texts.push({ channelId, content });
    return Promise.resolve({ ok: true, value: { messageId: `text-${this.texts.length}` } });
  }

  postFiles(channelId: string, content: string, files: readonly { name: string; data: string }[]): Promise<DiscordOutcome<{ messageId: string }>> {
    if (this.postFailure) return Promise.resolve({ ok: false, reason: this.postFailure, detail: 'fake' });
    this.posts.push({ channelId, content, files: files.map((f) => ({ ...f })) });
    return Promise.resolve({ ok: true, value: { messageId: String(this.posts.length) } });
  }
}

/** Evidence files in memory. */
export class InMemoryEvidenceFiles implements EvidenceFiles {
  readonly files = new Map<string, Uint8Array>();
  private next = 0;

  write(bytes: Uint8Array, sha256: string): Promise<string> {
    const path = `${sha256.slice(0, 2)}/${++this.next}-${sha256}`;
    this.files.set(path, new Uint8Array(bytes));
    return Promise.resolve(path);
  }

  read(path: string): Promise<Uint8Array | null> {
    const bytes = this.files.get(path);
    return Promise.resolve(bytes ? new Uint8Array(bytes) : null);
  }

  remove(path: string): Promise<void> {
    this.files.delete(path);
    return Promise.resolve();
  }
}
