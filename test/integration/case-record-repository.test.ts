import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaCaseRecordRepository } from '../../src/persistence/case-record-repository.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { PrismaSettingsRepository } from '../../src/persistence/settings-repository.js';
import type { CaseWithParties, GuildSettings, NewCase, NewEvidence } from '../../src/ports.js';
import type { ServiceDeps } from '../../src/services/deps.js';
import { addEvidence, verifyEvidence } from '../../src/services/evidence.js';
import type { TranscriptMessage } from '../../src/transcripts/transcript-document.js';
import { createHarness, IDS } from '../support/fakes/service-harness.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

const MOD = '200000000000000001';
const ALEX = '300000000000000001';
const SAM = '300000000000000002';
const ROBIN = '300000000000000003';
const KIM = '300000000000000004';
const LEE = '300000000000000005';
const DAY_MS = 24 * 60 * 60 * 1000;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const newCase = (guildId: string, complainant: string = ALEX, accused: string = SAM): NewCase => ({
  guildId,
  category: 'harassment',
  realLife: false,
  offPlatform: false,
  exposureLocation: null,
  summary: 'Keeps following them from channel to channel.',
  openedById: MOD,
  parties: [
    { userId: complainant, role: 'complainant' },
    { userId: accused, role: 'accused' },
  ],
});

const evidenceOf = (bytes: Uint8Array | null, overrides: Partial<NewEvidence> = {}): NewEvidence => ({
  kind: 'file',
  addedById: MOD,
  note: null,
  fileName: 'screenshot.png',
  contentType: 'image/png',
  size: bytes?.byteLength ?? 0,
  sha256: bytes ? sha256(bytes) : 'unknown',
  storage: bytes === null ? 'files' : 'database',
  path: bytes === null ? 'ab/1-abcdef' : null,
  sourceUrl: 'https://cdn.discordapp.com/attachments/1/2/screenshot.png',
  bytes,
  ...overrides,
});

const message = (c: CaseWithParties, messageId: string, sentAt: Date, overrides: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  messageId,
  threadId: '450000000000000001',
  partyId: c.parties[0]!.id,
  authorId: ALEX,
  authorName: 'Alex',
  content: `message ${messageId}`,
  attachments: [],
  embeds: [],
  sentAt,
  editedAt: null,
  ...overrides,
});

const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`case record repository on ${kind} database`, () => {
    let db: TestDatabase;
    let cases: PrismaCaseRepository;
    let records: PrismaCaseRecordRepository;
    let settings: PrismaSettingsRepository;

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      cases = new PrismaCaseRepository(db.prisma);
      records = new PrismaCaseRecordRepository(db.prisma);
      settings = new PrismaSettingsRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.drop();
    });

    const closeAt = (guildId: string, caseId: string, at: Date) =>
      cases.close(guildId, caseId, { outcome: 'no_action', reason: 'Done', closedById: MOD, at }, { type: 'case_closed', actorId: MOD });

    const settingsFor = (guildId: string, retentionDays: number | null): GuildSettings => ({
      guildId,
      staffRoleId: IDS.STAFF_ROLE,
      adminRoleId: IDS.ADMIN_ROLE,
      escalationChannelId: IDS.ESCALATION_CHANNEL,
      interviewChannelId: IDS.INTERVIEW_CHANNEL,
      caseLogChannelId: null,
      reportsChannelId: null,
      retentionDays,
      communityName: 'Example Town',
      standardsUrl: 'https://example.org/standards',
    });

    // ------------------------------------------------------------ transcripts

    describe('transcripts', () => {
      it('reads back the stored messages oldest first, with attachments, embeds and edit time, and a transcript_recorded event', async () => {
        const guildId = 'g-transcript';
        const c = await cases.open(newCase(guildId));
        const t0 = new Date('2025-03-01T12:00:00.000Z');
        const later = message(c, '700000000000000002', new Date(t0.getTime() + 60_000), {
          partyId: c.parties[1]!.id,
          threadId: '450000000000000002',
          authorId: SAM,
          authorName: 'Sam',
          content: 'My side, with a picture',
          attachments: [
            { name: 'a.png', url: 'https://cdn.discordapp.com/a.png', size: 1234, contentType: 'image/png' },
            { name: 'b.bin', url: 'https://cdn.discordapp.com/b.bin', size: null, contentType: null },
          ],
          embeds: [{ title: 'Quoted', description: 'something', fields: [{ name: 'n', value: 'v' }] }],
          editedAt: new Date(t0.getTime() + 120_000),
        });
        const earlier = message(c, '700000000000000001', t0);

        await records.saveTranscript(guildId, c.id, [later, earlier], { type: 'transcript_recorded', actorId: MOD, data: { messages: 2 } });

        expect(await records.transcript(guildId, c.id)).toEqual([earlier, later]);
        const events = await records.allEvents(guildId, c.id);
        expect(events.map((e) => e.type)).toEqual(['case_opened', 'transcript_recorded']);
        expect(events[1]?.data).toEqual({ messages: 2 });
      });

      it('saving the same messages twice does not repeat them, and an edited message is updated', async () => {
        const guildId = 'g-upsert';
        const c = await cases.open(newCase(guildId));
        const t0 = new Date('2025-03-01T12:00:00.000Z');
        const first = [message(c, '700000000000000001', t0), message(c, '700000000000000002', new Date(t0.getTime() + 1000))];
        await records.saveTranscript(guildId, c.id, first, { type: 'transcript_recorded', actorId: MOD });
        await records.saveTranscript(guildId, c.id, first, { type: 'transcript_recorded', actorId: MOD });
        expect(await records.transcript(guildId, c.id)).toEqual(first);

        const edited = { ...first[1]!, content: 'edited words', editedAt: new Date(t0.getTime() + 5000), attachments: [{ name: 'x', url: 'https://x.example/x', size: 1, contentType: 'text/plain' }] };
        const added = message(c, '700000000000000003', new Date(t0.getTime() + 2000));
        await records.saveTranscript(guildId, c.id, [edited, added], { type: 'transcript_recorded', actorId: MOD });

        expect(await records.transcript(guildId, c.id)).toEqual([first[0], edited, added]);
        expect(await db.prisma.transcriptMessage.count({ where: { caseId: c.id } })).toBe(3);
        expect((await records.allEvents(guildId, c.id)).filter((e) => e.type === 'transcript_recorded')).toHaveLength(3);
      });

      it('orders messages sent at the same instant by message id', async () => {
        const guildId = 'g-same-instant';
        const c = await cases.open(newCase(guildId));
        const t = new Date('2025-03-01T12:00:00.000Z');
        const msgs = ['700000000000000009', '700000000000000003', '700000000000000005'].map((id) => message(c, id, t));
        await records.saveTranscript(guildId, c.id, msgs, { type: 'transcript_recorded', actorId: MOD });
        expect((await records.transcript(guildId, c.id)).map((m) => m.messageId)).toEqual(['700000000000000003', '700000000000000005', '700000000000000009']);
      });

      it('the same message id in two cases is two rows', async () => {
        const guildId = 'g-two-cases';
        const one = await cases.open(newCase(guildId));
        const two = await cases.open(newCase(guildId));
        const t = new Date('2025-03-01T12:00:00.000Z');
        await records.saveTranscript(guildId, one.id, [message(one, '700000000000000001', t)], { type: 'transcript_recorded', actorId: MOD });
        await records.saveTranscript(guildId, two.id, [message(two, '700000000000000001', t, { content: 'in case two' })], { type: 'transcript_recorded', actorId: MOD });
        expect((await records.transcript(guildId, one.id)).map((m) => m.content)).toEqual(['message 700000000000000001']);
        expect((await records.transcript(guildId, two.id)).map((m) => m.content)).toEqual(['in case two']);
      });

      it('an empty transcript still records its event', async () => {
        const guildId = 'g-empty-transcript';
        const c = await cases.open(newCase(guildId));
        await records.saveTranscript(guildId, c.id, [], { type: 'transcript_recorded', actorId: MOD, data: { messages: 0 } });
        expect(await records.transcript(guildId, c.id)).toEqual([]);
        expect((await records.allEvents(guildId, c.id)).map((e) => e.type)).toEqual(['case_opened', 'transcript_recorded']);
      });

      it('gives nothing of a case through another guild id', async () => {
        const guildId = 'g-transcript-scope';
        const c = await cases.open(newCase(guildId));
        await records.saveTranscript(guildId, c.id, [message(c, '700000000000000001', new Date())], { type: 'transcript_recorded', actorId: MOD });
        expect(await records.transcript('g-someone-else', c.id)).toEqual([]);
        expect(await records.allEvents('g-someone-else', c.id)).toEqual([]);
      });
    });

    // ------------------------------------------------------------ evidence

    describe('evidence', () => {
      it('numbers items per case E1, E2, with an evidence_added event carrying id, number and hash', async () => {
        const guildId = 'g-evidence';
        const one = await cases.open(newCase(guildId));
        const two = await cases.open(newCase(guildId));
        const bytes = new TextEncoder().encode('screenshot bytes');
        const e1 = await records.addEvidence(guildId, one.id, evidenceOf(bytes, { note: 'first' }), { type: 'evidence_added', actorId: MOD, data: { kind: 'file' } });
        const e2 = await records.addEvidence(guildId, one.id, evidenceOf(bytes), { type: 'evidence_added', actorId: MOD });
        const other = await records.addEvidence(guildId, two.id, evidenceOf(bytes), { type: 'evidence_added', actorId: MOD });

        expect([e1.number, e2.number, other.number]).toEqual([1, 2, 1]);
        expect(e1).toMatchObject({ caseId: one.id, kind: 'file', addedById: MOD, note: 'first', fileName: 'screenshot.png', contentType: 'image/png', size: bytes.byteLength, sha256: sha256(bytes), storage: 'database', path: null });
        expect(e1).not.toHaveProperty('bytes');
        expect(await records.evidenceOf(guildId, one.id)).toEqual([e1, e2]);
        const events = (await records.allEvents(guildId, one.id)).filter((e) => e.type === 'evidence_added');
        expect(events.map((e) => e.data)).toEqual([
          { kind: 'file', evidenceId: e1.id, number: 1, sha256: sha256(bytes) },
          { evidenceId: e2.id, number: 2, sha256: sha256(bytes) },
        ]);
      });

      it('gives 10 items added at once to one case the numbers 1 to 10, no gap nor duplicate', async () => {
        const guildId = 'g-evidence-concurrent';
        const c = await cases.open(newCase(guildId));
        const created = await Promise.all(
          Array.from({ length: 10 }, (_, i) => records.addEvidence(guildId, c.id, evidenceOf(new Uint8Array([i])), { type: 'evidence_added', actorId: MOD })),
        );
        expect(created.map((e) => e.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
        expect((await records.evidenceOf(guildId, c.id)).map((e) => e.number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
        expect((await records.allEvents(guildId, c.id)).filter((e) => e.type === 'evidence_added')).toHaveLength(10);
      });

      it('gives back the exact bytes kept in the database, every byte value included', async () => {
        const guildId = 'g-bytes';
        const c = await cases.open(newCase(guildId));
        const bytes = new Uint8Array([...Array.from({ length: 256 }, (_, i) => i), ...randomBytes(4096)]);
        const e = await records.addEvidence(guildId, c.id, evidenceOf(bytes), { type: 'evidence_added', actorId: MOD });
        const back = await records.evidenceBytes(guildId, e.id);
        expect(back).toBeInstanceOf(Uint8Array);
        expect(back).toEqual(bytes);
        expect(sha256(back!)).toBe(e.sha256);
      });

      it('keeps empty bytes as empty, not as missing', async () => {
        const guildId = 'g-empty-bytes';
        const c = await cases.open(newCase(guildId));
        const e = await records.addEvidence(guildId, c.id, evidenceOf(new Uint8Array(0)), { type: 'evidence_added', actorId: MOD });
        expect(await records.evidenceBytes(guildId, e.id)).toEqual(new Uint8Array(0));
      });

      it('gives no bytes through another guild id, nor for an item kept as a file', async () => {
        const guildId = 'g-bytes-scope';
        const c = await cases.open(newCase(guildId));
        const inDb = await records.addEvidence(guildId, c.id, evidenceOf(new Uint8Array([1, 2, 3])), { type: 'evidence_added', actorId: MOD });
        const asFile = await records.addEvidence(guildId, c.id, evidenceOf(null), { type: 'evidence_added', actorId: MOD });
        expect(await records.evidenceBytes('g-someone-else', inDb.id)).toBeNull();
        expect(await records.evidenceOf('g-someone-else', c.id)).toEqual([]);
        expect(await records.evidenceBytes(guildId, asFile.id)).toBeNull();
        expect(asFile).toMatchObject({ storage: 'files', path: 'ab/1-abcdef' });
      });

      it('verifyEvidence over the real repositories finds a row whose bytes were changed with raw SQL', async () => {
        const guildId = '100000000000000071';
        await settings.save(settingsFor(guildId, null), MOD);
        const h = createHarness();
        const deps: ServiceDeps = { ...h.deps, cases, settings, caseRecords: records };
        const opened = await cases.open(newCase(guildId));
        const urls = ['https://cdn.discordapp.com/attachments/1/2/a.png', 'https://cdn.discordapp.com/attachments/1/2/b.png'];
        urls.forEach((url, i) => h.recordDiscord.files.set(url, { bytes: new TextEncoder().encode(`file ${i}`), contentType: 'image/png' }));
        for (const url of urls) {
          const result = await addEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number, source: { kind: 'file', url, name: 'a.png', contentType: null, size: 6 }, note: null });
          expect(result.ok).toBe(true);
        }
        const before = await verifyEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number });
        expect(before.ok && before.value.items.map((i) => i.result)).toEqual(['intact', 'intact']);

        const [, second] = await records.evidenceOf(guildId, opened.id);
        const changed = await db.prisma.$executeRaw`UPDATE "Evidence" SET "bytes" = convert_to('file 1, doctored', 'UTF8') WHERE "id" = ${second!.id}`;
        expect(changed).toBe(1);

        const after = await verifyEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number });
        expect(after.ok && after.value.items.map((i) => [i.number, i.result])).toEqual([
          [1, 'intact'],
          [2, 'changed'],
        ]);
        const verified = (await records.allEvents(guildId, opened.id)).filter((e) => e.type === 'evidence_verified');
        expect(verified.map((e) => e.data)).toEqual([
          { items: 2, problems: [] },
          { items: 2, problems: [{ number: 2, result: 'changed' }] },
        ]);

        await db.prisma.$executeRaw`UPDATE "Evidence" SET "bytes" = NULL WHERE "id" = ${second!.id}`;
        const gone = await verifyEvidence(deps, { guildId, actor: h.actors.mod, caseNumber: opened.number });
        expect(gone.ok && gone.value.items.map((i) => i.result)).toEqual(['intact', 'missing']);
      });
    });

    // ------------------------------------------------------------ events and legal hold

    describe('events and legal hold', () => {
      it('gives the whole audit log of a case oldest first, beyond what /case view shows', async () => {
        const guildId = 'g-all-events';
        const c = await cases.open(newCase(guildId));
        for (let i = 1; i <= 15; i++) await cases.appendEvent(guildId, c.id, { type: `step_${i}`, actorId: MOD, data: { i } });
        const events = await records.allEvents(guildId, c.id);
        expect(events.map((e) => e.type)).toEqual(['case_opened', ...Array.from({ length: 15 }, (_, i) => `step_${i + 1}`)]);
        expect(events[15]?.data).toEqual({ i: 15 });
      });

      it('sets and lifts the legal hold with its events, and refuses another guild id', async () => {
        const guildId = 'g-hold';
        const c = await cases.open(newCase(guildId));
        await records.setLegalHold(guildId, c.id, true, { type: 'legal_hold_set', actorId: MOD });
        expect((await cases.find(guildId, c.number))?.legalHold).toBe(true);
        await records.setLegalHold(guildId, c.id, false, { type: 'legal_hold_lifted', actorId: MOD });
        expect((await cases.find(guildId, c.number))?.legalHold).toBe(false);
        await expect(records.setLegalHold('g-someone-else', c.id, true, { type: 'legal_hold_set', actorId: MOD })).rejects.toThrow();
        expect((await cases.find(guildId, c.number))?.legalHold).toBe(false);
        expect((await records.allEvents(guildId, c.id)).map((e) => e.type)).toEqual(['case_opened', 'legal_hold_set', 'legal_hold_lifted']);
        expect(await db.prisma.caseEvent.count({ where: { guildId: 'g-someone-else' } })).toBe(0);
      });
    });

    // ------------------------------------------------------------ related cases

    describe('casesInvolving', () => {
      it("returns this guild's other cases of these users, newest first, with only these users' roles", async () => {
        const guildId = 'g-involving';
        const current = await cases.open(newCase(guildId, ALEX, SAM)); // #1
        const reversed = await cases.open(newCase(guildId, SAM, ALEX)); // #2
        const witnessed = await cases.open(newCase(guildId, ROBIN, KIM)); // #3: Alex a witness
        await cases.addSide(guildId, witnessed.id, { party: { userId: ALEX, role: 'witness' }, statement: null }, () => ({ events: [{ type: 'party_added', actorId: MOD }], owed: [] }));
        await cases.open(newCase(guildId, ROBIN, LEE)); // #4: nobody of ours
        const accusedAgain = await cases.open(newCase(guildId, KIM, SAM)); // #5
        await closeAt(guildId, accusedAgain.id, new Date());
        await cases.open(newCase('g-involving-other', ALEX, SAM)); // another guild

        const found = await records.casesInvolving(guildId, [ALEX, SAM], current.id);

        const sorted = found.map((c) => ({ ...c, roles: [...c.roles].sort((a, b) => a.userId.localeCompare(b.userId)) }));
        expect(sorted.map(({ createdAt: _c, ...c }) => c)).toEqual([
          { number: 5, status: 'closed', outcome: 'no_action', roles: [{ userId: SAM, role: 'accused' }] },
          { number: 3, status: 'open', outcome: null, roles: [{ userId: ALEX, role: 'witness' }] },
          {
            number: 2,
            status: 'open',
            outcome: null,
            roles: [
              { userId: ALEX, role: 'accused' },
              { userId: SAM, role: 'complainant' },
            ],
          },
        ]);
        expect(found.every((c) => c.createdAt instanceof Date)).toBe(true);
        expect(found.map((c) => c.number)).not.toContain(current.number);
        expect(reversed.number).toBe(2);
      });

      it('never returns the excepted case, and nothing through another guild id', async () => {
        const guildId = 'g-involving-except';
        const only = await cases.open(newCase(guildId));
        expect(await records.casesInvolving(guildId, [ALEX, SAM], only.id)).toEqual([]);
        const second = await cases.open(newCase(guildId));
        expect((await records.casesInvolving(guildId, [ALEX], second.id)).map((c) => c.number)).toEqual([only.number]);
        expect(await records.casesInvolving('g-nobody', [ALEX, SAM], second.id)).toEqual([]);
      });
    });

    // ------------------------------------------------------------ retention

    describe('retention', () => {
      it('lists the guilds that keep closed cases for a limited time, with their days', async () => {
        await settings.save(settingsFor('g-ret-30', 30), MOD);
        await settings.save(settingsFor('g-ret-forever', null), MOD);
        await settings.save(settingsFor('g-ret-7', 7), MOD);
        const policies = (await records.retentionPolicies()).filter((p) => p.guildId.startsWith('g-ret-'));
        expect(policies.sort((a, b) => a.guildId.localeCompare(b.guildId))).toEqual([
          { guildId: 'g-ret-30', retentionDays: 30 },
          { guildId: 'g-ret-7', retentionDays: 7 },
        ]);
      });

      it('finds only closed cases not on hold, closed before the cutoff, of this guild, oldest first and as many as asked', async () => {
        const guildId = 'g-expired';
        const now = new Date();
        const cutoff = new Date(now.getTime() - 30 * DAY_MS);
        const old1 = await cases.open(newCase(guildId));
        const old2 = await cases.open(newCase(guildId));
        const recent = await cases.open(newCase(guildId));
        const atCutoff = await cases.open(newCase(guildId));
        const held = await cases.open(newCase(guildId));
        await cases.open(newCase(guildId)); // open, never closed
        const other = await cases.open(newCase('g-expired-other'));
        await closeAt(guildId, old1.id, new Date(now.getTime() - 50 * DAY_MS));
        await closeAt(guildId, old2.id, new Date(now.getTime() - 40 * DAY_MS));
        await closeAt(guildId, recent.id, new Date(now.getTime() - 10 * DAY_MS));
        await closeAt(guildId, atCutoff.id, cutoff);
        await closeAt(guildId, held.id, new Date(now.getTime() - 60 * DAY_MS));
        await records.setLegalHold(guildId, held.id, true, { type: 'legal_hold_set', actorId: MOD });
        await closeAt('g-expired-other', other.id, new Date(now.getTime() - 60 * DAY_MS));
        const fileItem = await records.addEvidence(guildId, old1.id, evidenceOf(null, { path: 'cd/2-cdef' }), { type: 'evidence_added', actorId: MOD });
        await records.addEvidence(guildId, old1.id, evidenceOf(new Uint8Array([1])), { type: 'evidence_added', actorId: MOD });

        const expired = await records.expiredCases(guildId, cutoff, 100);

        expect(expired).toEqual([
          { id: old1.id, number: old1.number, closedAt: new Date(now.getTime() - 50 * DAY_MS), evidencePaths: [fileItem.path] },
          { id: old2.id, number: old2.number, closedAt: new Date(now.getTime() - 40 * DAY_MS), evidencePaths: [] },
        ]);
        expect((await records.expiredCases(guildId, cutoff, 1)).map((c) => c.id)).toEqual([old1.id]);
        expect(await records.expiredCases('g-expired-nobody', cutoff, 100)).toEqual([]);
      });

      it('deletes expired cases with everything about them despite the append-only audit log, writes the retention log, unlinks reports, and leaves held cases and other guilds alone', async () => {
        const guildId = 'g-delete';
        const otherGuild = 'g-delete-other';
        const now = new Date();
        const longAgo = new Date(now.getTime() - 100 * DAY_MS);

        const doomed = await cases.open(newCase(guildId));
        const [complainant] = doomed.parties;
        await db.prisma.party.update({ where: { id: complainant!.id }, data: { threadId: '450000000000000001' } });
        await cases.addStatement(guildId, doomed.id, { partyId: complainant!.id, recordedById: MOD, text: 'personal statement', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
        await cases.addNote(guildId, doomed.id, { authorId: MOD, text: 'staff note' }, { type: 'note_added', actorId: MOD });
        await cases.addEscalation(guildId, doomed.id, { escalatedById: MOD, reason: 'worrying', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
        await cases.recordDelivery(guildId, { caseId: doomed.id, userId: ALEX, requestedById: MOD, topics: ['self_help'], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });
        await records.saveTranscript(guildId, doomed.id, [message(doomed, '700000000000000001', longAgo)], { type: 'transcript_recorded', actorId: MOD });
        await records.addEvidence(guildId, doomed.id, evidenceOf(new Uint8Array([9, 9, 9])), { type: 'evidence_added', actorId: MOD });
        await closeAt(guildId, doomed.id, longAgo);

        const held = await cases.open(newCase(guildId));
        await records.addEvidence(guildId, held.id, evidenceOf(new Uint8Array([7])), { type: 'evidence_added', actorId: MOD });
        await closeAt(guildId, held.id, longAgo);
        await records.setLegalHold(guildId, held.id, true, { type: 'legal_hold_set', actorId: MOD });

        const elsewhere = await cases.open(newCase(otherGuild));
        await closeAt(otherGuild, elsewhere.id, longAgo);

        const report = await db.prisma.report.create({ data: { guildId, number: 1, reporterId: ALEX, reportedUserId: SAM, status: 'case_opened', caseId: doomed.id, handledById: MOD, handledAt: longAgo } });
        const heldReport = await db.prisma.report.create({ data: { guildId, number: 2, reporterId: ROBIN, reportedUserId: SAM, status: 'merged', caseId: held.id } });

        const expired = await records.expiredCases(guildId, new Date(now.getTime() - 30 * DAY_MS), 100);
        expect(expired.map((c) => c.id)).toEqual([doomed.id]);
        // The held case is passed too, as if held a moment after listing: the transaction checks again.
        const passed = [...expired, { id: held.id, number: held.number, closedAt: longAgo, evidencePaths: [] }];

        const count = (await records.deleteExpired(guildId, passed, 30, now)).length;

        expect(count).toBe(1);
        const where = { caseId: doomed.id };
        expect(await db.prisma.case.count({ where: { id: doomed.id } })).toBe(0);
        expect(
          await Promise.all([
            db.prisma.party.count({ where }),
            db.prisma.statement.count({ where }),
            db.prisma.note.count({ where }),
            db.prisma.escalation.count({ where }),
            db.prisma.safeChatDelivery.count({ where }),
            db.prisma.caseEvent.count({ where }),
            db.prisma.transcriptMessage.count({ where }),
            db.prisma.evidence.count({ where }),
          ]),
        ).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);

        const log = await db.prisma.retentionLog.findMany({ where: { guildId } });
        expect(log.map(({ id: _id, ...row }) => row)).toEqual([{ guildId, caseNumber: doomed.number, closedAt: longAgo, retentionDays: 30, deletedAt: now }]);
        expect(await db.prisma.retentionLog.count({ where: { guildId: otherGuild } })).toBe(0);

        expect(await db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ caseId: null, status: 'case_opened', reporterId: ALEX });
        expect((await db.prisma.report.findUniqueOrThrow({ where: { id: heldReport.id } })).caseId).toBe(held.id);

        expect((await cases.find(guildId, held.number))?.legalHold).toBe(true);
        expect(await records.evidenceOf(guildId, held.id)).toHaveLength(1);
        expect((await records.allEvents(guildId, held.id)).length).toBeGreaterThan(0);
        expect((await cases.find(otherGuild, elsewhere.number))?.status).toBe('closed');

        // The permission to delete events ended with that transaction.
        await expect(db.prisma.caseEvent.deleteMany({ where: { caseId: held.id } })).rejects.toThrow(/append-only/);
        await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "CaseEvent" WHERE "caseId" = '${elsewhere.id}'`)).rejects.toThrow(/append-only/);
        await expect(db.prisma.case.delete({ where: { id: held.id } })).rejects.toThrow(/append-only/);
        expect(await db.prisma.caseEvent.count({ where: { caseId: held.id } })).toBeGreaterThan(0);
      });

      it('deletes nothing and logs nothing for a case put on hold, or reclosed recently, since it was listed', async () => {
        const guildId = 'g-delete-race';
        const now = new Date();
        const c = await cases.open(newCase(guildId));
        await closeAt(guildId, c.id, new Date(now.getTime() - 100 * DAY_MS));
        const [listed] = await records.expiredCases(guildId, new Date(now.getTime() - 30 * DAY_MS), 10);
        expect(listed?.id).toBe(c.id);
        await records.setLegalHold(guildId, c.id, true, { type: 'legal_hold_set', actorId: MOD });

        expect((await records.deleteExpired(guildId, [listed!], 30, now)).length).toBe(0);
        expect(await cases.find(guildId, c.number)).not.toBeNull();
        expect(await db.prisma.retentionLog.count({ where: { guildId } })).toBe(0);

        // A retention policy longer than the case's age keeps it too.
        await records.setLegalHold(guildId, c.id, false, { type: 'legal_hold_lifted', actorId: MOD });
        expect((await records.deleteExpired(guildId, [listed!], 365, now)).length).toBe(0);
        expect(await cases.find(guildId, c.number)).not.toBeNull();
      });

      it("does not delete a case of another guild passed to it", async () => {
        // (Only deletion is checked here: see the report about retention log rows for cases not deleted.)
        const other = await cases.open(newCase('g-delete-cross-a'));
        await closeAt('g-delete-cross-a', other.id, new Date(Date.now() - 100 * DAY_MS));
        const [listed] = await records.expiredCases('g-delete-cross-a', new Date(Date.now() - 30 * DAY_MS), 10);
        expect((await records.deleteExpired('g-delete-cross-b', [listed!], 30, new Date())).length).toBe(0);
        expect((await cases.find('g-delete-cross-a', other.number))?.status).toBe('closed');
      });

      it('two sweeps deleting the same listed case at once: one deletes it, and the retention log has one row', async () => {
        const guildId = 'g-delete-concurrent';
        const now = new Date();
        const c = await cases.open(newCase(guildId));
        await closeAt(guildId, c.id, new Date(now.getTime() - 100 * DAY_MS));
        const listed = await records.expiredCases(guildId, new Date(now.getTime() - 30 * DAY_MS), 10);
        const [a, b] = await Promise.all([records.deleteExpired(guildId, listed, 30, now), records.deleteExpired(guildId, listed, 30, now)]);
        expect(a.length + b.length).toBe(1);
        expect(await db.prisma.retentionLog.count({ where: { guildId } })).toBe(1);
        // A case of another guild passed in is neither deleted nor logged.
        const other = await cases.open(newCase('g-delete-concurrent-other'));
        await closeAt('g-delete-concurrent-other', other.id, new Date(now.getTime() - 100 * DAY_MS));
        const foreign = await records.expiredCases('g-delete-concurrent-other', new Date(now.getTime() - 30 * DAY_MS), 10);
        expect(await records.deleteExpired(guildId, foreign, 30, now)).toEqual([]);
        expect(await db.prisma.retentionLog.count({ where: { guildId } })).toBe(1);
      });

      it("refuses evidence or a transcript for a case id of another guild", async () => {
        const c = await cases.open(newCase('g-own'));
        const evidence = { kind: 'file' as const, addedById: MOD, note: null, fileName: 'x', contentType: 'text/plain', size: 1, sha256: 'a'.repeat(64), storage: 'database' as const, path: null, sourceUrl: null, bytes: new Uint8Array([1]) };
        await expect(records.addEvidence('g-not-own', c.id, evidence, { type: 'evidence_added', actorId: MOD })).rejects.toThrow(/not a case of guild/);
        await expect(records.saveTranscript('g-not-own', c.id, [], { type: 'transcript_recorded', actorId: MOD })).rejects.toThrow(/not a case of guild/);
        expect(await db.prisma.evidence.count({ where: { caseId: c.id } })).toBe(0);
      });

      it('deleting the same listed cases again deletes nothing more', async () => {
        const guildId = 'g-delete-twice';
        const now = new Date();
        const c = await cases.open(newCase(guildId));
        const kept = await cases.open(newCase(guildId));
        await closeAt(guildId, c.id, new Date(now.getTime() - 100 * DAY_MS));
        const listed = await records.expiredCases(guildId, new Date(now.getTime() - 30 * DAY_MS), 10);
        expect((await records.deleteExpired(guildId, listed, 30, now)).length).toBe(1);
        expect((await records.deleteExpired(guildId, listed, 30, now)).length).toBe(0);
        expect(await cases.find(guildId, kept.number)).not.toBeNull();
      });

      it('deletes several cases in one call, each with its retention log row', async () => {
        const guildId = 'g-delete-many';
        const now = new Date();
        const opened = [];
        for (let i = 0; i < 5; i++) {
          const c = await cases.open(newCase(guildId));
          await closeAt(guildId, c.id, new Date(now.getTime() - (100 - i) * DAY_MS));
          opened.push(c);
        }
        const expired = await records.expiredCases(guildId, new Date(now.getTime() - 30 * DAY_MS), 100);
        expect(expired).toHaveLength(5);
        expect((await records.deleteExpired(guildId, expired, 30, now)).length).toBe(5);
        expect(await db.prisma.case.count({ where: { guildId } })).toBe(0);
        expect((await db.prisma.retentionLog.findMany({ where: { guildId }, orderBy: { caseNumber: 'asc' } })).map((r) => r.caseNumber)).toEqual(opened.map((c) => c.number));
        expect((await records.deleteExpired(guildId, [], 30, now)).length).toBe(0);
      });
    });
  });
}
