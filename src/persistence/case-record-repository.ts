import { assertGuildId } from './guild-scope.js';
import { retentionCutoff } from '../domain/retention.js';
import type { Prisma } from '../generated/prisma/client.js';
import type {
  CaseRecordRepository,
  EventInput,
  EventRecord,
  EvidenceRecord,
  ExpiredCase,
  GuildCaseRecords,
  InvolvingCase,
  NewEvidence,
  TranscriptAttachment,
  TranscriptMessage,
} from '../ports.js';
import { lockCase } from './case-lock.js';
import { eventRow, toEvent } from './mappers.js';
import type { PrismaClient } from './prisma-client.js';

const evidenceSelect = {
  id: true,
  caseId: true,
  number: true,
  kind: true,
  addedById: true,
  note: true,
  fileName: true,
  contentType: true,
  size: true,
  sha256: true,
  storage: true,
  path: true,
  sourceUrl: true,
  createdAt: true,
} as const;

function attachmentsOf(json: Prisma.JsonValue): TranscriptAttachment[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((a) => {
    if (a === null || typeof a !== 'object' || Array.isArray(a) || typeof a.name !== 'string' || typeof a.url !== 'string') return [];
    return [{ name: a.name, url: a.url, size: typeof a.size === 'number' ? a.size : null, contentType: typeof a.contentType === 'string' ? a.contentType : null }];
  });
}

/** At most this many related cases are listed, newest first. */
const RELATED_MAX = 200;

/** Prisma implementation of CaseRecordRepository. Every query names the guild. */
export class PrismaCaseRecordRepository implements CaseRecordRepository {
  constructor(private readonly prisma: PrismaClient) {}

  forGuild(guildId: string): GuildCaseRecords {
    assertGuildId(guildId);
    return {
      saveTranscript: async (caseId: string, messages: readonly TranscriptMessage[], event: EventInput): Promise<void> => {
        await this.prisma.$transaction(async (tx) => {
          await lockCase(tx, guildId, caseId);
          for (const m of messages) {
            const data = {
              partyId: m.partyId,
              threadId: m.threadId,
              authorId: m.authorId,
              authorName: m.authorName,
              content: m.content,
              attachments: m.attachments.map((a) => ({ name: a.name, url: a.url, size: a.size, contentType: a.contentType })),
              embeds: m.embeds as Prisma.InputJsonValue[],
              sentAt: m.sentAt,
              editedAt: m.editedAt,
            };
            await tx.transcriptMessage.upsert({
              where: { caseId_messageId: { caseId, messageId: m.messageId } },
              create: { guildId, caseId, messageId: m.messageId, ...data },
              update: { ...data, capturedAt: new Date() },
            });
          }
          await tx.caseEvent.create({ data: eventRow(guildId, caseId, event) });
        });
      },
      transcript: async (caseId: string): Promise<TranscriptMessage[]> => {
        const rows = await this.prisma.transcriptMessage.findMany({ where: { guildId, caseId }, orderBy: [{ sentAt: 'asc' }, { messageId: 'asc' }] });
        return rows.map((r) => ({
          messageId: r.messageId,
          threadId: r.threadId,
          partyId: r.partyId,
          authorId: r.authorId,
          authorName: r.authorName,
          content: r.content,
          attachments: attachmentsOf(r.attachments),
          embeds: Array.isArray(r.embeds) ? r.embeds : [],
          sentAt: r.sentAt,
          editedAt: r.editedAt,
        }));
      },
      addEvidence: (caseId: string, evidence: NewEvidence, event: EventInput): Promise<EvidenceRecord> => {
        return this.prisma.$transaction(async (tx) => {
          // Lock the case row: two items added at once get consecutive numbers.
          await lockCase(tx, guildId, caseId);
          const last = await tx.evidence.aggregate({ where: { guildId, caseId }, _max: { number: true } });
          const { bytes, ...fields } = evidence;
          const created = await tx.evidence.create({
            data: { guildId, caseId, number: (last._max.number ?? 0) + 1, ...fields, bytes: bytes === null ? null : Buffer.from(bytes) },
            select: evidenceSelect,
          });
          await tx.caseEvent.create({
            data: eventRow(guildId, caseId, { ...event, data: { ...event.data, evidenceId: created.id, number: created.number, sha256: created.sha256 } }),
          });
          return created;
        });
      },
      evidenceOf: (caseId: string): Promise<EvidenceRecord[]> => {
        return this.prisma.evidence.findMany({ where: { guildId, caseId }, select: evidenceSelect, orderBy: { number: 'asc' } });
      },
      evidenceBytes: async (evidenceId: string): Promise<Uint8Array | null> => {
        const row = await this.prisma.evidence.findFirst({ where: { id: evidenceId, guildId }, select: { bytes: true } });
        return row?.bytes ? new Uint8Array(row.bytes) : null;
      },
      allEvents: async (caseId: string): Promise<EventRecord[]> => {
        const rows = await this.prisma.caseEvent.findMany({ where: { guildId, caseId }, orderBy: { id: 'asc' } });
        return rows.map(toEvent);
      },
      setLegalHold: async (caseId: string, hold: boolean, event: EventInput): Promise<void> => {
        await this.prisma.$transaction([
          this.prisma.case.update({ where: { id: caseId, guildId }, data: { legalHold: hold } }),
          this.prisma.caseEvent.create({ data: eventRow(guildId, caseId, event) }),
        ]);
      },
      casesInvolving: async (userIds: readonly string[], exceptCaseId: string): Promise<InvolvingCase[]> => {
        // From the people to their cases (the [guildId, userId] index), not from every case of the guild to its parties.
        const parties = await this.prisma.party.findMany({
          where: { guildId, userId: { in: [...userIds] }, caseId: { not: exceptCaseId } },
          select: { caseId: true, userId: true, role: true },
        });
        if (parties.length === 0) return [];
        const rows = await this.prisma.case.findMany({
          where: { guildId, id: { in: [...new Set(parties.map((p) => p.caseId))] } },
          select: { id: true, number: true, status: true, outcome: true, createdAt: true },
          orderBy: { number: 'desc' },
          take: RELATED_MAX,
        });
        return rows.map((r) => ({
          number: r.number,
          status: r.status,
          outcome: r.outcome,
          createdAt: r.createdAt,
          roles: parties.filter((p) => p.caseId === r.id).map((p) => ({ userId: p.userId, role: p.role })),
        }));
      },
      expiredCases: async (closedBefore: Date, limit: number): Promise<ExpiredCase[]> => {
        const rows = await this.prisma.case.findMany({
          where: { guildId, status: 'closed', legalHold: false, closedAt: { lt: closedBefore } },
          select: { id: true, number: true, closedAt: true, evidence: { where: { guildId, storage: 'files' }, select: { path: true } } },
          orderBy: { closedAt: 'asc' },
          take: limit,
        });
        return rows.flatMap((r) => (r.closedAt ? [{ id: r.id, number: r.number, closedAt: r.closedAt, evidencePaths: r.evidence.flatMap((e) => (e.path ? [e.path] : [])) }] : []));
      },
      deleteExpired: (cases: readonly ExpiredCase[], retentionDays: number, at: Date): Promise<ExpiredCase[]> => {
        if (cases.length === 0) return Promise.resolve([]);
        return this.prisma.$transaction(async (tx) => {
          // The audit log refuses deletes except inside the retention sweep (see the append-only migration).
          await tx.$queryRaw`SELECT set_config('bothsides.retention_sweep', 'on', true)`;
          // Still closed, not on hold, still expired, of this guild: a hold, a reopening or another sweep a moment ago
          // wins. Locked, so that what is logged is exactly what is deleted.
          const cutoff = retentionCutoff(at, retentionDays);
          const still = await tx.$queryRaw<{ id: string }[]>`
            SELECT "id" FROM "Case"
            WHERE "guildId" = ${guildId} AND "id" = ANY(${cases.map((c) => c.id)}::text[])
              AND "status" = 'closed' AND "legalHold" = false AND "closedAt" < ${cutoff}
            FOR UPDATE`;
          const ids = new Set(still.map((r) => r.id));
          const doomed = cases.filter((c) => ids.has(c.id));
          if (doomed.length === 0) return [];
          await tx.case.deleteMany({ where: { guildId, id: { in: [...ids] } } });
          await tx.retentionLog.createMany({
            data: doomed.map((c) => ({ guildId, caseNumber: c.number, closedAt: c.closedAt, retentionDays, deletedAt: at })),
          });
          // Reports that became or joined these cases stay, without the link to a case that is gone.
          await tx.report.updateMany({ where: { guildId, caseId: { in: [...ids] } }, data: { caseId: null } });
          return doomed;
        });
      },
    };
  }

  async retentionPolicies(): Promise<{ guildId: string; retentionDays: number }[]> {
    const rows = await this.prisma.guildSettings.findMany({ where: { retentionDays: { not: null } }, select: { guildId: true, retentionDays: true } });
    return rows.flatMap((r) => (r.retentionDays === null ? [] : [{ guildId: r.guildId, retentionDays: r.retentionDays }]));
  }
}
