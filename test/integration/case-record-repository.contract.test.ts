import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GuildSettings } from '../../src/ports.js';
import { ADMIN, ALEX, caseBetween, DAY_MS, evidenceOf, KIM, LEE, message, MOD, newCase, ROBIN, SAM, sha256 } from '../support/case-fixtures.js';
import { typicalSettings } from '../support/fakes/service-harness.js';
import { anyDate, anyId, describeContract, guildIds, type RepositorySubject } from '../support/repository-subjects.js';

/**
 * One contract for CaseRecordRepository (transcripts, evidence, the whole
 * audit log, legal hold, related cases, retention), run against the
 * in-memory fake and PrismaCaseRecordRepository on both databases.
 */

const T0 = new Date('2025-03-01T12:00:00.000Z');

const settingsFor = (guildId: string, retentionDays: number | null): GuildSettings => ({ ...typicalSettings(guildId), retentionDays });

const recorded = { type: 'transcript_recorded', actorId: MOD } as const;
const added = { type: 'evidence_added', actorId: MOD } as const;

describeContract('the case record repository contract', (subject) => {
  const nextGuild = guildIds('g-record');
  const closeAt = (s: RepositorySubject, guildId: string, caseId: string, at: Date) =>
    s.cases.forGuild(guildId).close(caseId, { outcome: 'no_action', reason: 'Done', closedById: MOD, at }, { type: 'case_closed', actorId: MOD });
  const typesOf = async (s: RepositorySubject, guildId: string, caseId: string) => (await s.records.forGuild(guildId).allEvents(caseId)).map((e) => e.type);

  // ------------------------------------------------------------ transcripts

  describe('transcripts', () => {
    it('reads back the stored messages oldest first, with attachments, embeds and edit time, and writes the transcript_recorded event', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      const later = message(c, '700000000000000002', new Date(T0.getTime() + 60_000), {
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
        editedAt: new Date(T0.getTime() + 120_000),
      });
      const earlier = message(c, '700000000000000001', T0);

      await s.records.forGuild(guildId).saveTranscript(c.id, [later, earlier], { ...recorded, data: { messages: 2, failedThreads: [] } });

      expect(await s.records.forGuild(guildId).transcript(c.id)).toEqual([earlier, later]);
      expect((await s.auditLog({ caseId: c.id })).slice(1)).toEqual([{ guildId, caseId: c.id, actorId: MOD, type: 'transcript_recorded', data: { messages: 2, failedThreads: [] } }]);
    });

    it('saving the same messages twice does not repeat them, and an edited message is replaced; each save writes its event', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      const first = [message(c, '700000000000000001', T0), message(c, '700000000000000002', new Date(T0.getTime() + 1000))];
      await s.records.forGuild(guildId).saveTranscript(c.id, first, recorded);
      await s.records.forGuild(guildId).saveTranscript(c.id, first, recorded);
      expect(await s.records.forGuild(guildId).transcript(c.id)).toEqual(first);

      const edited = { ...first[1]!, content: 'edited words', editedAt: new Date(T0.getTime() + 5000), attachments: [{ name: 'x', url: 'https://x.example/x', size: 1, contentType: 'text/plain' }] };
      const more = message(c, '700000000000000003', new Date(T0.getTime() + 2000));
      await s.records.forGuild(guildId).saveTranscript(c.id, [edited, more], recorded);

      expect(await s.records.forGuild(guildId).transcript(c.id)).toEqual([first[0], edited, more]);
      expect(await typesOf(s, guildId, c.id)).toEqual(['case_opened', 'transcript_recorded', 'transcript_recorded', 'transcript_recorded']);
    });

    it('orders messages sent at the same instant by message id', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      const msgs = ['700000000000000009', '700000000000000003', '700000000000000005'].map((id) => message(c, id, T0));
      await s.records.forGuild(guildId).saveTranscript(c.id, msgs, recorded);
      expect((await s.records.forGuild(guildId).transcript(c.id)).map((m) => m.messageId)).toEqual(['700000000000000003', '700000000000000005', '700000000000000009']);
    });

    it('the same message id in two cases is kept twice, once per case', async () => {
      const s = subject();
      const guildId = nextGuild();
      const one = await s.cases.forGuild(guildId).open(newCase());
      const two = await s.cases.forGuild(guildId).open(newCase());
      await s.records.forGuild(guildId).saveTranscript(one.id, [message(one, '700000000000000001', T0)], recorded);
      await s.records.forGuild(guildId).saveTranscript(two.id, [message(two, '700000000000000001', T0, { content: 'in case two' })], recorded);
      expect((await s.records.forGuild(guildId).transcript(one.id)).map((m) => m.content)).toEqual(['message 700000000000000001']);
      expect((await s.records.forGuild(guildId).transcript(two.id)).map((m) => m.content)).toEqual(['in case two']);
    });

    it('an empty transcript still writes its event, and a closed case can still be recorded', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      await s.records.forGuild(guildId).saveTranscript(c.id, [], { ...recorded, data: { messages: 0 } });
      expect(await s.records.forGuild(guildId).transcript(c.id)).toEqual([]);
      await closeAt(s, guildId, c.id, T0);
      await s.records.forGuild(guildId).saveTranscript(c.id, [message(c, '700000000000000001', T0)], { ...recorded, data: { messages: 1 } });
      expect(await s.records.forGuild(guildId).transcript(c.id)).toHaveLength(1);
      expect((await s.auditLog({ caseId: c.id })).slice(1).map(({ type, data }) => ({ type, data }))).toEqual([
        { type: 'transcript_recorded', data: { messages: 0 } },
        { type: 'case_closed', data: {} },
        { type: 'transcript_recorded', data: { messages: 1 } },
      ]);
    });
  });

  // ------------------------------------------------------------ evidence

  describe('evidence', () => {
    it('numbers items per case E1, E2, each with an evidence_added event carrying its id, number and hash', async () => {
      const s = subject();
      const guildId = nextGuild();
      const one = await s.cases.forGuild(guildId).open(newCase());
      const two = await s.cases.forGuild(guildId).open(newCase());
      const bytes = new TextEncoder().encode('screenshot bytes');
      const e1 = await s.records.forGuild(guildId).addEvidence(one.id, evidenceOf(bytes, { note: 'first' }), { ...added, data: { kind: 'file', size: bytes.byteLength } });
      const e2 = await s.records.forGuild(guildId).addEvidence(one.id, evidenceOf(null, { kind: 'message', fileName: 'message.json', contentType: 'application/json' }), added);
      const other = await s.records.forGuild(guildId).addEvidence(two.id, evidenceOf(bytes), added);

      expect([e1.number, e2.number, other.number]).toEqual([1, 2, 1]);
      expect(e1).toEqual({
        id: anyId,
        caseId: one.id,
        number: 1,
        kind: 'file',
        addedById: MOD,
        note: 'first',
        fileName: 'screenshot.png',
        contentType: 'image/png',
        size: bytes.byteLength,
        sha256: sha256(bytes),
        storage: 'database',
        path: null,
        sourceUrl: 'https://cdn.discordapp.com/attachments/1/2/screenshot.png',
        createdAt: anyDate,
      });
      expect(e2).toMatchObject({ kind: 'message', storage: 'files', path: 'ab/1-abcdef', sha256: 'unknown' });
      expect(await s.records.forGuild(guildId).evidenceOf(one.id)).toEqual([e1, e2]);
      expect((await s.auditLog({ caseId: one.id })).slice(1)).toEqual([
        { guildId, caseId: one.id, actorId: MOD, type: 'evidence_added', data: { kind: 'file', size: bytes.byteLength, evidenceId: e1.id, number: 1, sha256: sha256(bytes) } },
        { guildId, caseId: one.id, actorId: MOD, type: 'evidence_added', data: { evidenceId: e2.id, number: 2, sha256: 'unknown' } },
      ]);
    });

    it('gives 10 items added at once to one case the numbers 1 to 10, no gap nor duplicate', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      const created = await Promise.all(Array.from({ length: 10 }, (_, i) => s.records.forGuild(guildId).addEvidence(c.id, evidenceOf(new Uint8Array([i])), added)));
      expect(created.map((e) => e.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect((await s.records.forGuild(guildId).evidenceOf(c.id)).map((e) => e.number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      expect((await typesOf(s, guildId, c.id)).filter((t) => t === 'evidence_added')).toHaveLength(10);
    });

    it('gives back the exact bytes kept, every byte value included, as they were when added', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      const bytes = new Uint8Array([...Array.from({ length: 256 }, (_, i) => i), ...randomBytes(4096)]);
      const kept = new Uint8Array(bytes);
      const e = await s.records.forGuild(guildId).addEvidence(c.id, evidenceOf(bytes), added);
      bytes.fill(0);
      const back = await s.records.forGuild(guildId).evidenceBytes(e.id);
      expect(back).toBeInstanceOf(Uint8Array);
      expect(back).toEqual(kept);
      expect(sha256(back!)).toBe(e.sha256);
    });

    it('keeps empty bytes as empty, not as missing', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      const e = await s.records.forGuild(guildId).addEvidence(c.id, evidenceOf(new Uint8Array(0)), added);
      expect(await s.records.forGuild(guildId).evidenceBytes(e.id)).toEqual(new Uint8Array(0));
    });

    it('gives no bytes through another guild id, nor for an item kept as a file, and lists nothing through another guild id', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      const inDb = await s.records.forGuild(guildId).addEvidence(c.id, evidenceOf(new Uint8Array([1, 2, 3])), added);
      const asFile = await s.records.forGuild(guildId).addEvidence(c.id, evidenceOf(null), added);
      expect(await s.records.forGuild(nextGuild()).evidenceBytes(inDb.id)).toBeNull();
      expect(await s.records.forGuild(nextGuild()).evidenceOf(c.id)).toEqual([]);
      expect(await s.records.forGuild(guildId).evidenceBytes(asFile.id)).toBeNull();
      expect(await s.records.forGuild(guildId).evidenceBytes('00000000-0000-4000-8000-ffffffffffff')).toBeNull();
    });

    it('refuses evidence or a transcript for a case of another guild, storing nothing and writing no event', async () => {
      const s = subject();
      const guildId = nextGuild();
      const stranger = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      await expect(s.records.forGuild(stranger).addEvidence(c.id, evidenceOf(new Uint8Array([1])), added)).rejects.toThrow();
      await expect(s.records.forGuild(stranger).saveTranscript(c.id, [message(c, '700000000000000001', T0)], recorded)).rejects.toThrow();
      expect(await s.records.forGuild(guildId).evidenceOf(c.id)).toEqual([]);
      expect(await s.records.forGuild(guildId).transcript(c.id)).toEqual([]);
      expect(await typesOf(s, guildId, c.id)).toEqual(['case_opened']);
      expect(await s.auditLog({ guildId: stranger })).toEqual([]);
    });
  });

  // ------------------------------------------------------------ the audit log and legal hold

  describe('events and legal hold', () => {
    it('gives the whole audit log of a case oldest first, beyond what /case view shows, and nothing through another guild id', async () => {
      const s = subject();
      const guildId = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      for (let i = 1; i <= 15; i++) await s.cases.forGuild(guildId).appendEvent(c.id, { type: 'note_added', actorId: MOD, data: { i } });
      await s.cases.forGuild(guildId).appendEvent(null, { type: 'settings_updated', actorId: MOD });
      const events = await s.records.forGuild(guildId).allEvents(c.id);
      expect(events.map((e) => [e.type, e.data.i])).toEqual([['case_opened', undefined], ...Array.from({ length: 15 }, (_, i) => ['note_added', i + 1])]);
      expect(events[15]).toEqual({ id: anyId, caseId: c.id, actorId: MOD, type: 'note_added', data: { i: 15 }, createdAt: anyDate });
      expect(new Set(events.map((e) => e.id)).size).toBe(16);
      expect(await s.records.forGuild(nextGuild()).allEvents(c.id)).toEqual([]);
    });

    it('sets and lifts the legal hold with its events, on an open or a closed case, and refuses another guild id', async () => {
      const s = subject();
      const guildId = nextGuild();
      const stranger = nextGuild();
      const c = await s.cases.forGuild(guildId).open(newCase());
      await s.records.forGuild(guildId).setLegalHold(c.id, true, { type: 'legal_hold_set', actorId: ADMIN, data: { reason: 'police request' } });
      expect((await s.cases.forGuild(guildId).find(c.number))?.legalHold).toBe(true);
      await closeAt(s, guildId, c.id, T0);
      await s.records.forGuild(guildId).setLegalHold(c.id, false, { type: 'legal_hold_lifted', actorId: ADMIN });
      expect((await s.cases.forGuild(guildId).find(c.number))?.legalHold).toBe(false);

      await expect(s.records.forGuild(stranger).setLegalHold(c.id, true, { type: 'legal_hold_set', actorId: ADMIN })).rejects.toThrow();
      expect((await s.cases.forGuild(guildId).find(c.number))?.legalHold).toBe(false);
      expect((await s.auditLog({ caseId: c.id })).slice(1).map(({ type, actorId, data }) => ({ type, actorId, data }))).toEqual([
        { type: 'legal_hold_set', actorId: ADMIN, data: { reason: 'police request' } },
        { type: 'case_closed', actorId: MOD, data: {} },
        { type: 'legal_hold_lifted', actorId: ADMIN, data: {} },
      ]);
      expect(await s.auditLog({ guildId: stranger })).toEqual([]);
    });
  });

  // ------------------------------------------------------------ related cases

  describe('casesInvolving', () => {
    it("returns this guild's other cases of these users, newest first, with only these users' roles", async () => {
      const s = subject();
      const guildId = nextGuild();
      const current = await s.cases.forGuild(guildId).open(caseBetween(ALEX, SAM)); // #1
      const reversed = await s.cases.forGuild(guildId).open(caseBetween(SAM, ALEX)); // #2
      const witnessed = await s.cases.forGuild(guildId).open(caseBetween(ROBIN, KIM)); // #3: Alex a witness
      await s.cases.forGuild(guildId).addSide(witnessed.id, { party: { userId: ALEX, role: 'witness' }, statement: null }, () => ({ events: [], owed: [] }));
      await s.cases.forGuild(guildId).open(caseBetween(ROBIN, LEE)); // #4: nobody of ours
      const accusedAgain = await s.cases.forGuild(guildId).open(caseBetween(KIM, SAM)); // #5
      await closeAt(s, guildId, accusedAgain.id, T0);
      await s.cases.forGuild(nextGuild()).open(caseBetween(ALEX, SAM)); // another guild

      const found = await s.records.forGuild(guildId).casesInvolving([ALEX, SAM], current.id);

      const sorted = found.map((c) => ({ ...c, roles: [...c.roles].sort((a, b) => a.userId.localeCompare(b.userId)) }));
      expect(sorted).toEqual([
        { number: 5, status: 'closed', outcome: 'no_action', createdAt: accusedAgain.createdAt, roles: [{ userId: SAM, role: 'accused' }] },
        { number: 3, status: 'open', outcome: null, createdAt: witnessed.createdAt, roles: [{ userId: ALEX, role: 'witness' }] },
        {
          number: 2,
          status: 'open',
          outcome: null,
          createdAt: reversed.createdAt,
          roles: [
            { userId: ALEX, role: 'accused' },
            { userId: SAM, role: 'complainant' },
          ],
        },
      ]);
    });

    it('never returns the excepted case, and nothing through another guild id', async () => {
      const s = subject();
      const guildId = nextGuild();
      const only = await s.cases.forGuild(guildId).open(newCase());
      expect(await s.records.forGuild(guildId).casesInvolving([ALEX, SAM], only.id)).toEqual([]);
      const second = await s.cases.forGuild(guildId).open(newCase());
      expect((await s.records.forGuild(guildId).casesInvolving([ALEX], second.id)).map((c) => c.number)).toEqual([only.number]);
      expect(await s.records.forGuild(nextGuild()).casesInvolving([ALEX, SAM], second.id)).toEqual([]);
      expect(await s.records.forGuild(guildId).casesInvolving([], second.id)).toEqual([]);
    });

    it('gives at most the 200 newest of them', async () => {
      const s = subject();
      const guildId = nextGuild();
      const opened = await Promise.all(Array.from({ length: 202 }, () => s.cases.forGuild(guildId).open(newCase())));
      const current = opened.find((c) => c.number === 1)!;
      const found = await s.records.forGuild(guildId).casesInvolving([ALEX], current.id);
      expect(found.map((c) => c.number)).toEqual(Array.from({ length: 200 }, (_, i) => 202 - i));
    });
  });

  // ------------------------------------------------------------ retention

  describe('retention', () => {
    it('lists the guilds that keep closed cases for a limited time, with their days', async () => {
      const s = subject();
      const [thirty, forever, seven] = [nextGuild(), nextGuild(), nextGuild()];
      await s.settings.forGuild(thirty).save(settingsFor(thirty, 30), MOD);
      await s.settings.forGuild(forever).save(settingsFor(forever, null), MOD);
      await s.settings.forGuild(seven).save(settingsFor(seven, 7), MOD);
      await s.settings.forGuild(forever).save(settingsFor(forever, null), MOD);
      const ours = new Set([thirty, forever, seven]);
      const policies = (await s.records.retentionPolicies()).filter((p) => ours.has(p.guildId));
      expect([...policies].sort((a, b) => a.retentionDays - b.retentionDays)).toEqual([
        { guildId: seven, retentionDays: 7 },
        { guildId: thirty, retentionDays: 30 },
      ]);
      await s.settings.forGuild(seven).save(settingsFor(seven, null), MOD);
      expect((await s.records.retentionPolicies()).filter((p) => ours.has(p.guildId))).toEqual([{ guildId: thirty, retentionDays: 30 }]);
    });

    it('finds only closed cases not on hold, closed before the cutoff, of this guild, oldest first and as many as asked, with their evidence files', async () => {
      const s = subject();
      const guildId = nextGuild();
      const otherGuild = nextGuild();
      const now = T0;
      const cutoff = new Date(now.getTime() - 30 * DAY_MS);
      const old1 = await s.cases.forGuild(guildId).open(newCase());
      const old2 = await s.cases.forGuild(guildId).open(newCase());
      const recent = await s.cases.forGuild(guildId).open(newCase());
      const atCutoff = await s.cases.forGuild(guildId).open(newCase());
      const held = await s.cases.forGuild(guildId).open(newCase());
      await s.cases.forGuild(guildId).open(newCase()); // open, never closed
      const other = await s.cases.forGuild(otherGuild).open(newCase());
      await closeAt(s, guildId, old2.id, new Date(now.getTime() - 40 * DAY_MS));
      await closeAt(s, guildId, old1.id, new Date(now.getTime() - 50 * DAY_MS));
      await closeAt(s, guildId, recent.id, new Date(now.getTime() - 10 * DAY_MS));
      await closeAt(s, guildId, atCutoff.id, cutoff);
      await closeAt(s, guildId, held.id, new Date(now.getTime() - 60 * DAY_MS));
      await s.records.forGuild(guildId).setLegalHold(held.id, true, { type: 'legal_hold_set', actorId: MOD });
      await closeAt(s, otherGuild, other.id, new Date(now.getTime() - 60 * DAY_MS));
      const fileItem = await s.records.forGuild(guildId).addEvidence(old1.id, evidenceOf(null, { path: 'cd/2-cdef' }), added);
      await s.records.forGuild(guildId).addEvidence(old1.id, evidenceOf(new Uint8Array([1])), added);

      expect(await s.records.forGuild(guildId).expiredCases(cutoff, 100)).toEqual([
        { id: old1.id, number: old1.number, closedAt: new Date(now.getTime() - 50 * DAY_MS), evidencePaths: [fileItem.path] },
        { id: old2.id, number: old2.number, closedAt: new Date(now.getTime() - 40 * DAY_MS), evidencePaths: [] },
      ]);
      expect((await s.records.forGuild(guildId).expiredCases(cutoff, 1)).map((c) => c.id)).toEqual([old1.id]);
      expect(await s.records.forGuild(nextGuild()).expiredCases(cutoff, 100)).toEqual([]);
    });

    it('deletes an expired case with everything about it and writes its retention log row, leaving held cases, other cases and other guilds alone', async () => {
      const s = subject();
      const guildId = nextGuild();
      const otherGuild = nextGuild();
      const now = T0;
      const longAgo = new Date(now.getTime() - 100 * DAY_MS);

      const doomed = await s.cases.forGuild(guildId).open(newCase());
      const [complainant] = doomed.parties;
      await s.setPartyThread(guildId, complainant!.id, '450000000000000001');
      await s.cases.forGuild(guildId).addStatement(doomed.id, { partyId: complainant!.id, recordedById: MOD, text: 'personal statement', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
      await s.cases.forGuild(guildId).addNote(doomed.id, { authorId: MOD, text: 'staff note' }, { type: 'note_added', actorId: MOD });
      const esc = await s.cases.forGuild(guildId).addEscalation(doomed.id, { escalatedById: MOD, reason: 'worrying', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
      await s.cases.forGuild(guildId).recordDelivery({ caseId: doomed.id, userId: ALEX, requestedById: MOD, topics: ['self_help'], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });
      await s.records.forGuild(guildId).saveTranscript(doomed.id, [message(doomed, '700000000000000001', longAgo)], recorded);
      const item = await s.records.forGuild(guildId).addEvidence(doomed.id, evidenceOf(new Uint8Array([9, 9, 9])), added);
      await closeAt(s, guildId, doomed.id, longAgo);

      const held = await s.cases.forGuild(guildId).open(newCase());
      await s.records.forGuild(guildId).addEvidence(held.id, evidenceOf(new Uint8Array([7])), added);
      await closeAt(s, guildId, held.id, longAgo);
      await s.records.forGuild(guildId).setLegalHold(held.id, true, { type: 'legal_hold_set', actorId: MOD });
      const stillOpen = await s.cases.forGuild(guildId).open(newCase());
      const elsewhere = await s.cases.forGuild(otherGuild).open(newCase());
      await closeAt(s, otherGuild, elsewhere.id, longAgo);
      const heldEvents = await s.records.forGuild(guildId).allEvents(held.id);

      const expired = await s.records.forGuild(guildId).expiredCases(new Date(now.getTime() - 30 * DAY_MS), 100);
      expect(expired.map((c) => c.id)).toEqual([doomed.id]);
      // The held case is passed too, as if held a moment after listing: the deletion checks again.
      const passed = [...expired, { id: held.id, number: held.number, closedAt: longAgo, evidencePaths: [] }];

      expect(await s.records.forGuild(guildId).deleteExpired(passed, 30, now)).toEqual(expired);

      expect(await s.cases.forGuild(guildId).find(doomed.number)).toBeNull();
      expect(await s.cases.forGuild(guildId).findById(doomed.id)).toBeNull();
      expect(await s.cases.forGuild(guildId).detail(doomed.number, 10)).toBeNull();
      expect(await s.cases.forGuild(guildId).findByThread('450000000000000001')).toBeNull();
      expect(await s.cases.forGuild(guildId).findEscalation(esc.id)).toBeNull();
      expect(await s.cases.forGuild(guildId).sideStatements(doomed.id)).toEqual([]);
      expect(await s.cases.forGuild(guildId).recentDeliveries(ALEX, new Date(0))).toEqual([]);
      expect(await s.records.forGuild(guildId).transcript(doomed.id)).toEqual([]);
      expect(await s.records.forGuild(guildId).evidenceOf(doomed.id)).toEqual([]);
      expect(await s.records.forGuild(guildId).evidenceBytes(item.id)).toBeNull();
      expect(await s.records.forGuild(guildId).allEvents(doomed.id)).toEqual([]);
      expect(await s.auditLog({ caseId: doomed.id })).toEqual([]);
      expect(await s.retentionLog(guildId)).toEqual([{ caseNumber: doomed.number, closedAt: longAgo, retentionDays: 30, deletedAt: now }]);

      expect((await s.cases.forGuild(guildId).find(held.number))?.legalHold).toBe(true);
      expect(await s.records.forGuild(guildId).evidenceOf(held.id)).toHaveLength(1);
      expect(await s.records.forGuild(guildId).allEvents(held.id)).toEqual(heldEvents);
      expect((await s.cases.forGuild(guildId).find(stillOpen.number))?.status).toBe('open');
      expect((await s.cases.forGuild(otherGuild).find(elsewhere.number))?.status).toBe('closed');
      expect(await s.retentionLog(otherGuild)).toEqual([]);
    });

    it('deletes nothing and logs nothing for a case put on hold since it was listed, or younger than the policy', async () => {
      const s = subject();
      const guildId = nextGuild();
      const now = T0;
      const c = await s.cases.forGuild(guildId).open(newCase());
      await closeAt(s, guildId, c.id, new Date(now.getTime() - 100 * DAY_MS));
      const [listed] = await s.records.forGuild(guildId).expiredCases(new Date(now.getTime() - 30 * DAY_MS), 10);
      expect(listed?.id).toBe(c.id);
      await s.records.forGuild(guildId).setLegalHold(c.id, true, { type: 'legal_hold_set', actorId: MOD });

      expect(await s.records.forGuild(guildId).deleteExpired([listed!], 30, now)).toEqual([]);
      expect(await s.cases.forGuild(guildId).find(c.number)).not.toBeNull();

      await s.records.forGuild(guildId).setLegalHold(c.id, false, { type: 'legal_hold_lifted', actorId: MOD });
      expect(await s.records.forGuild(guildId).deleteExpired([listed!], 365, now)).toEqual([]);
      expect(await s.cases.forGuild(guildId).find(c.number)).not.toBeNull();
      expect(await s.retentionLog(guildId)).toEqual([]);
    });

    it('neither deletes nor logs a case of another guild passed to it', async () => {
      const s = subject();
      const owner = nextGuild();
      const sweeper = nextGuild();
      const now = T0;
      const other = await s.cases.forGuild(owner).open(newCase());
      await closeAt(s, owner, other.id, new Date(now.getTime() - 100 * DAY_MS));
      const listed = await s.records.forGuild(owner).expiredCases(new Date(now.getTime() - 30 * DAY_MS), 10);
      expect(await s.records.forGuild(sweeper).deleteExpired(listed, 30, now)).toEqual([]);
      expect((await s.cases.forGuild(owner).find(other.number))?.status).toBe('closed');
      expect(await s.retentionLog(sweeper)).toEqual([]);
      expect(await s.retentionLog(owner)).toEqual([]);
    });

    it('two sweeps deleting the same listed case at once: one deletes it, and the retention log has one row', async () => {
      const s = subject();
      const guildId = nextGuild();
      const now = T0;
      const c = await s.cases.forGuild(guildId).open(newCase());
      await closeAt(s, guildId, c.id, new Date(now.getTime() - 100 * DAY_MS));
      const listed = await s.records.forGuild(guildId).expiredCases(new Date(now.getTime() - 30 * DAY_MS), 10);
      const [a, b] = await Promise.all([s.records.forGuild(guildId).deleteExpired(listed, 30, now), s.records.forGuild(guildId).deleteExpired(listed, 30, now)]);
      expect([...a, ...b].map((x) => x.id)).toEqual([c.id]);
      expect(await s.retentionLog(guildId)).toHaveLength(1);
    });

    it('deletes several cases in one call, each with its log row; the same list again, or none, deletes nothing more', async () => {
      const s = subject();
      const guildId = nextGuild();
      const now = T0;
      const opened = [];
      for (let i = 0; i < 5; i++) {
        const c = await s.cases.forGuild(guildId).open(newCase());
        await closeAt(s, guildId, c.id, new Date(now.getTime() - (100 - i) * DAY_MS));
        opened.push(c);
      }
      const kept = await s.cases.forGuild(guildId).open(newCase());
      const expired = await s.records.forGuild(guildId).expiredCases(new Date(now.getTime() - 30 * DAY_MS), 100);
      expect(expired.map((c) => c.number)).toEqual(opened.map((c) => c.number));
      expect(await s.records.forGuild(guildId).deleteExpired(expired, 30, now)).toEqual(expired);
      expect(await s.records.forGuild(guildId).deleteExpired(expired, 30, now)).toEqual([]);
      expect(await s.records.forGuild(guildId).deleteExpired([], 30, now)).toEqual([]);
      expect((await s.retentionLog(guildId)).map((r) => [r.caseNumber, r.closedAt.getTime()])).toEqual(opened.map((c, i) => [c.number, now.getTime() - (100 - i) * DAY_MS]));
      expect(await s.cases.forGuild(guildId).list({ page: 0, pageSize: 10 })).toMatchObject({ total: 1, items: [{ id: kept.id }] });
    });
  });
});
