import { randomUUID } from 'node:crypto';
import { expect, it, vi } from 'vitest';
import type { NewOwedAction } from '../../src/actions/types.js';
import { CaseStateConflict } from '../../src/domain/lifecycle.js';
import type { CaseWithParties, EscalationRecord, EventInput, NewCase } from '../../src/ports.js';
import { ADMIN, ALEX, newCase as baseCase, KIM, MOD, ROBIN, SAM } from '../support/case-fixtures.js';
import { anyDate, anyId, describeContract, guildIds, type RepositorySubject } from '../support/repository-subjects.js';

/**
 * One contract for CaseRepository, run against the in-memory fake the service
 * tests use and against PrismaCaseRepository on both databases: results, guild
 * scoping, refusals (CaseStateConflict), ordering, atomicity, and the exact
 * audit events each change writes.
 */

/** The case of most tests: real-life contact, exposed on the server. */
const newCase = (overrides: Partial<NewCase> = {}): NewCase => baseCase({ realLife: true, exposureLocation: 'on_server', ...overrides });

const threadOpen = (c: CaseWithParties, partyId: string = c.parties[0]!.id): NewOwedAction => ({
  id: randomUUID(),
  kind: 'thread.open',
  caseId: c.id,
  actorId: MOD,
  payload: { partyId, parentChannelId: '5', name: `case-${c.number}-interview-1`, memberIds: [ALEX], addresseeId: ALEX, intro: 'Hello' },
});

const closing = (at: Date = new Date('2025-03-02T10:00:00.000Z')) => ({ outcome: 'advised_self_help' as const, reason: 'Both advised.', closedById: MOD, at });
const closedEvent: EventInput = { type: 'case_closed', actorId: MOD, data: { outcome: 'advised_self_help', oneSided: false } };

/** The events of a case as stored: type, actor and data. */
async function eventsOf(s: RepositorySubject, caseId: string) {
  return (await s.auditLog({ caseId })).map(({ type, actorId, data }) => ({ type, actorId, data }));
}

/** The owed actions among `ids` that the store holds (claimed here, so each test claims its own). */
async function owedIds(s: RepositorySubject, ids: readonly string[]) {
  return (await s.actions.claim(`holder-${randomUUID()}`, 60_000, 10, ids)).map((a) => a.id).sort();
}

describeContract('the case repository contract', (subject) => {
  const nextGuild = guildIds('g-cases');

  // ------------------------------------------------------------ opening

  it('opens a case numbered per guild, with its parties in order and the case_opened event', async () => {
    const s = subject();
    const guildId = nextGuild();
    const opened = await s.cases.forGuild(guildId).open(newCase());
    expect(opened).toEqual({
      id: anyId,
      guildId,
      number: 1,
      category: 'harassment',
      status: 'open',
      realLife: true,
      offPlatform: false,
      exposureLocation: 'on_server',
      summary: 'Keeps following them from channel to channel.',
      openedById: MOD,
      outcome: null,
      closeReason: null,
      closedById: null,
      legalHold: false,
      createdAt: anyDate,
      closedAt: null,
      parties: [
        { id: anyId, caseId: opened.id, userId: ALEX, role: 'complainant', position: 1, threadId: null },
        { id: anyId, caseId: opened.id, userId: SAM, role: 'accused', position: 2, threadId: null },
      ],
    });
    expect(await s.cases.forGuild(guildId).find(1)).toEqual(opened);
    expect(await s.cases.forGuild(guildId).findById(opened.id)).toEqual(opened);
    expect((await s.cases.forGuild(guildId).open(newCase())).number).toBe(2);
    expect((await s.cases.forGuild(nextGuild()).open(newCase())).number).toBe(1);
    expect(await s.auditLog({ caseId: opened.id })).toEqual([
      {
        guildId,
        caseId: opened.id,
        actorId: MOD,
        type: 'case_opened',
        data: { number: 1, category: 'harassment', realLife: true, offPlatform: false, parties: [{ userId: ALEX, role: 'complainant' }, { userId: SAM, role: 'accused' }] },
      },
    ]);
  });

  it('hands the owed work the opened case, and saves that work with it', async () => {
    const s = subject();
    const guildId = nextGuild();
    let seen: CaseWithParties | undefined;
    let action: NewOwedAction | undefined;
    const opened = await s.cases.forGuild(guildId).open(newCase(), (c) => {
      seen = c;
      action = threadOpen(c);
      return [action];
    });
    expect(seen).toEqual(opened);
    const [claimed] = await s.actions.claim('holder-open', 60_000, 10, [action!.id]);
    expect(claimed).toMatchObject({ id: action!.id, guildId, caseId: opened.id, kind: 'thread.open', actorId: MOD, payload: action!.payload });
  });

  it('a failed open leaves no case, no event and no used number behind', async () => {
    const s = subject();
    const guildId = nextGuild();
    // The same user twice breaks the (case, user) key after the number and the case row were taken.
    const sameUserTwice = newCase({ parties: [{ userId: ROBIN, role: 'complainant' }, { userId: ROBIN, role: 'accused' }] });
    await expect(s.cases.forGuild(guildId).open(sameUserTwice)).rejects.toThrow();
    // The owed work cannot be made: the whole open is undone.
    await expect(
      s.cases.forGuild(guildId).open(newCase(), () => {
        throw new Error('cannot owe');
      }),
    ).rejects.toThrow('cannot owe');
    expect(await s.cases.forGuild(guildId).find(1)).toBeNull();
    expect(await s.cases.forGuild(guildId).list({ page: 0, pageSize: 10 })).toEqual({ items: [], total: 0 });
    expect(await s.cases.forGuild(guildId).openCasesOfUser(ROBIN)).toEqual([]);
    expect(await s.auditLog({ guildId })).toEqual([]);
    expect((await s.cases.forGuild(guildId).open(newCase())).number).toBe(1);
  });

  it('gives 50 concurrent opens in one guild the numbers 1 to 50, no gap nor duplicate', async () => {
    const s = subject();
    const guildId = nextGuild();
    const opened = await Promise.all(Array.from({ length: 50 }, () => s.cases.forGuild(guildId).open(newCase())));
    expect(opened.map((c) => c.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect((await s.cases.forGuild(guildId).list({ page: 0, pageSize: 100 })).total).toBe(50);
    expect((await s.auditLog({ guildId })).filter((e) => e.type === 'case_opened')).toHaveLength(50);
  });

  // ------------------------------------------------------------ guild scoping

  it('lists the open cases idle since a moment (their last event, or their opening), the longest idle first, closed ones left out', async () => {
    const s = subject();
    const guildId = nextGuild();
    const cases = s.cases.forGuild(guildId);
    const first = await cases.open(newCase());
    const second = await cases.open(newCase({ parties: [{ userId: ROBIN, role: 'complainant' }, { userId: SAM, role: 'accused' }] }));
    const third = await cases.open(newCase({ parties: [{ userId: KIM, role: 'complainant' }, { userId: SAM, role: 'accused' }] }));
    await cases.close(third.id, closing(), closedEvent);
    // A later event on the first makes it the more recently active one.
    await s.passTime(1_000);
    await cases.addNote(first.id, { authorId: MOD, text: 'still here' }, { type: 'note_added', actorId: MOD });
    const later = new Date(s.now().getTime() + 60_000);
    const idle = await cases.idleCases(later, 10);
    expect(idle.map((i) => i.case.number)).toEqual([second.number, first.number]);
    expect(idle[0]!.lastActivity.getTime()).toBeLessThan(idle[1]!.lastActivity.getTime());
    expect(await cases.idleCases(later, 1)).toHaveLength(1);
    expect(await cases.idleCases(new Date('2000-01-01T00:00:00Z'), 10)).toEqual([]);
    expect(await s.cases.forGuild(nextGuild()).idleCases(later, 10)).toEqual([]);
  });

  it('gives the desk its board by key, newest first, of one status or all, and the counts per status', async () => {
    const s = subject();
    const guildId = nextGuild();
    const cases = s.cases.forGuild(guildId);
    const opened = [];
    for (let i = 0; i < 3; i++) opened.push(await cases.open(newCase()));
    await cases.close(opened[0]!.id, { outcome: 'no_action', reason: 'Done', closedById: MOD, at: s.now() }, { type: 'case_closed', actorId: MOD });
    const numbers = (rows: readonly { number: number }[]) => rows.map((r) => r.number);
    expect(numbers(await cases.board({ before: null, take: 2 }))).toEqual([3, 2]);
    expect(numbers(await cases.board({ before: 2, take: 2 }))).toEqual([1]);
    expect(numbers(await cases.board({ status: 'closed', before: null, take: 5 }))).toEqual([1]);
    expect(await cases.statusCounts()).toEqual({ open: 2, interviewing: 0, escalated: 0, closed: 1 });
    expect(await s.cases.forGuild(nextGuild()).board({ before: null, take: 5 })).toEqual([]);
    expect(await s.cases.forGuild(nextGuild()).statusCounts()).toEqual({ open: 0, interviewing: 0, escalated: 0, closed: 0 });
  });

  it('filters the desk\'s board: category, flag, unacknowledged escalation, idle since, party', async () => {
    const s = subject();
    const cases = s.cases.forGuild(nextGuild());
    const stalking = await cases.open(newCase({ category: 'stalking', realLife: true }));
    const other = await cases.open(newCase({ category: 'other', realLife: false, offPlatform: true, parties: [{ userId: '200000000000000077', role: 'complainant' }, { userId: '200000000000000078', role: 'accused' }] }));
    const cutoff = s.now();
    await s.passTime(50);
    await cases.addEscalation(other.id, { escalatedById: MOD, reason: 'look', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
    const numbers = async (q: Partial<Parameters<typeof cases.board>[0]>) => (await cases.board({ before: null, take: 10, ...q })).map((c) => c.number);
    expect(await numbers({ category: 'stalking' })).toEqual([stalking.number]);
    expect(await numbers({ flag: 'real_life' })).toEqual([stalking.number]);
    expect(await numbers({ flag: 'off_platform' })).toEqual([other.number]);
    expect(await numbers({ unacknowledged: true })).toEqual([other.number]);
    // Idle since the cutoff: the escalated one has an event after it.
    expect(await numbers({ idleSince: cutoff })).toEqual([stalking.number]);
    expect(await numbers({ partyUserId: '200000000000000078' })).toEqual([other.number]);
    expect(await numbers({ partyUserId: '200000000000000078', category: 'stalking' })).toEqual([]);
  });

  it('gives /case stats its rows: cases opened or closed since, each principal party\'s first statement, the escalations since', async () => {
    const s = subject();
    const guildId = nextGuild();
    const cases = s.cases.forGuild(guildId);
    const before = new Date(s.now().getTime() - 60_000);
    const c = await cases.open(newCase());
    const [alex] = c.parties;
    await s.passTime(1_000);
    await cases.addStatement(c.id, { partyId: alex!.id, recordedById: MOD, text: 'My side', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
    await s.passTime(1_000);
    await cases.addStatement(c.id, { partyId: alex!.id, recordedById: MOD, text: 'More', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
    await cases.addEscalation(c.id, { escalatedById: MOD, reason: 'worrying', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
    const rows = await cases.statsSince(before);
    expect(rows.cases).toHaveLength(1);
    const [row] = rows.cases;
    expect(row).toMatchObject({ id: c.id, category: c.category, closedAt: null, outcome: null });
    // The complainant's first statement (not the second), the accused not heard yet.
    expect(row!.firstHeard).toHaveLength(2);
    expect(row!.firstHeard[0]!.getTime() - row!.createdAt.getTime()).toBeGreaterThanOrEqual(900);
    expect(row!.firstHeard[0]!.getTime() - row!.createdAt.getTime()).toBeLessThan(1_900);
    expect(row!.firstHeard[1]).toBeNull();
    expect(rows.escalations).toEqual([{ createdAt: expect.any(Date) as Date, acknowledgedAt: null }]);
    // A check-in delivered and answered, one not delivered.
    const [first, second] = c.parties;
    for (const party of [first!, second!]) {
      await cases.startCheckIn({ id: randomUUID(), caseId: c.id, partyId: party.id, userId: party.userId, trigger: 'manual', requestedById: MOD });
    }
    const [answered, undelivered] = await cases.checkInsOf(c.id);
    await cases.answerCheckIn(answered!.id, { userId: answered!.userId, answer: 'still', at: s.now() }, () => ({ events: [], owed: [], raiseRealLife: false, escalation: null }));
    await s.markCheckInUndelivered(guildId, undelivered!.id);
    expect(new Set((await cases.statsSince(before)).checkIns.map((k) => `${k.delivered}:${k.answer}`))).toEqual(new Set(['true:still', 'false:null']));
    const none = { cases: [], escalations: [], checkIns: [] };
    expect(await cases.statsSince(new Date(s.now().getTime() + 60_000))).toEqual(none);
    expect(await s.cases.forGuild(nextGuild()).statsSince(before)).toEqual(none);
  });

  it('keeps a case of one guild out of every read through another guild id', async () => {
    const s = subject();
    const guildId = nextGuild();
    const other = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const [alex] = c.parties;
    await s.setPartyThread(guildId, alex!.id, '450000000000000001');
    await s.cases.forGuild(guildId).addStatement(c.id, { partyId: alex!.id, recordedById: MOD, text: 'My side', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
    const esc = await s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'worrying', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
    await s.cases.forGuild(guildId).recordDelivery({ caseId: c.id, userId: ALEX, requestedById: MOD, topics: ['self_help'], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });
    const since = new Date(s.now().getTime() - 60_000);

    expect(await s.cases.forGuild(other).find(c.number)).toBeNull();
    expect(await s.cases.forGuild(other).findById(c.id)).toBeNull();
    expect(await s.cases.forGuild(other).findByThread('450000000000000001')).toBeNull();
    expect(await s.cases.forGuild(other).detail(c.number, 10)).toBeNull();
    expect(await s.cases.forGuild(other).list({ page: 0, pageSize: 10 })).toEqual({ items: [], total: 0 });
    expect(await s.cases.forGuild(other).openCasesOfUser(ALEX)).toEqual([]);
    expect((await s.cases.forGuild(other).casesWithParty(ALEX, [c.id])).size).toBe(0);
    expect(await s.cases.forGuild(other).sideStatements(c.id)).toEqual([]);
    expect(await s.cases.forGuild(other).findEscalation(esc.id)).toBeNull();
    expect(await s.cases.forGuild(other).acknowledgeEscalation(esc.id, ADMIN, new Date())).toBeNull();
    expect(await s.cases.forGuild(other).recentDeliveries(ALEX, since)).toEqual([]);
    expect((await s.cases.forGuild(guildId).findEscalation(esc.id))?.acknowledgedById).toBeNull();
    expect(await s.auditLog({ guildId: other })).toEqual([]);
  });

  it('refuses every change to a case through another guild id, and saves nothing', async () => {
    const s = subject();
    const guildId = nextGuild();
    const other = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const [alex] = c.parties;
    const then = vi.fn(() => ({ events: [{ type: 'party_added', actorId: MOD }] as EventInput[], owed: [] }));
    const owe = vi.fn(() => []);
    const statement = { recordedById: MOD, text: 'x', source: 'moderator_entry' } as const;

    await expect(s.cases.forGuild(other).addSide(c.id, { party: { id: alex!.id }, statement }, then)).rejects.toThrow();
    await expect(s.cases.forGuild(other).addSide(c.id, { party: { userId: ROBIN, role: 'witness' }, statement: null }, then)).rejects.toThrow();
    await expect(s.cases.forGuild(other).addStatement(c.id, { ...statement, partyId: alex!.id }, { type: 'statement_recorded', actorId: MOD })).rejects.toThrow();
    await expect(s.cases.forGuild(other).addNote(c.id, { authorId: MOD, text: 'x' }, { type: 'note_added', actorId: MOD })).rejects.toThrow();
    await expect(s.cases.forGuild(other).addEscalation(c.id, { escalatedById: MOD, reason: 'x', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD }, owe)).rejects.toThrow();
    await expect(s.cases.forGuild(other).close(c.id, closing(), closedEvent, owe)).rejects.toThrow();

    expect(then).not.toHaveBeenCalled();
    expect(owe).not.toHaveBeenCalled();
    const detail = await s.cases.forGuild(guildId).detail(c.number, 10);
    expect(detail).toMatchObject({ status: 'open', statements: [], notes: [], escalations: [], closedAt: null });
    expect(detail?.parties).toHaveLength(2);
    expect((await eventsOf(s, c.id)).map((e) => e.type)).toEqual(['case_opened']);
    expect(await s.auditLog({ guildId: other })).toEqual([]);
  });

  // ------------------------------------------------------------ sides and statements

  it('records a side: a new party takes the next position, its statement moves the case to interviewing, and the events and work of `then` are saved', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const owed: NewOwedAction[] = [];
    const then = vi.fn((party: { id: string; userId: string; role: string }, added: boolean) => {
      const action = threadOpen(c, party.id);
      owed.push(action);
      return {
        events: [
          { type: 'party_added', actorId: MOD, data: { userId: party.userId, role: party.role, added } },
          { type: 'statement_recorded', actorId: MOD, data: { partyId: party.id, source: 'moderator_entry' } },
        ] as EventInput[],
        owed: [action],
      };
    });
    const { party, statement } = await s.cases.forGuild(guildId).addSide(
            c.id,
      { party: { userId: ROBIN, role: 'witness' }, statement: { recordedById: MOD, text: 'I saw it.', source: 'moderator_entry' } },
      then,
    );

    expect(party).toEqual({ id: anyId, caseId: c.id, userId: ROBIN, role: 'witness', position: 3, threadId: null });
    expect(then).toHaveBeenCalledExactlyOnceWith(party, true);
    expect(statement).toEqual({ id: anyId, partyId: party.id, recordedById: MOD, text: 'I saw it.', source: 'moderator_entry', sourceUrl: null, createdAt: anyDate });
    const found = await s.cases.forGuild(guildId).find(c.number);
    expect(found?.status).toBe('interviewing');
    expect(found?.parties.map((p) => [p.userId, p.position])).toEqual([
      [ALEX, 1],
      [SAM, 2],
      [ROBIN, 3],
    ]);
    expect((await eventsOf(s, c.id)).slice(1)).toEqual([
      { type: 'party_added', actorId: MOD, data: { userId: ROBIN, role: 'witness', added: true } },
      { type: 'statement_recorded', actorId: MOD, data: { partyId: party.id, source: 'moderator_entry' } },
    ]);
    expect(await owedIds(s, owed.map((a) => a.id))).toEqual([owed[0]!.id]);
  });

  it("records a side of a party already on the case: `then` is told it was not added, and no party is added", async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const [, sam] = c.parties;
    const then = vi.fn(() => ({ events: [{ type: 'statement_recorded', actorId: MOD, data: { partyId: sam!.id } }] as EventInput[], owed: [] }));
    const { party, statement } = await s.cases.forGuild(guildId).addSide(
            c.id,
      { party: { id: sam!.id }, statement: { recordedById: MOD, text: 'Not me.', source: 'thread_message', sourceMessageId: '700000000000000001', sourceUrl: 'https://discord.com/channels/1/2/3' } },
      then,
    );
    expect(party).toEqual(sam);
    expect(then).toHaveBeenCalledExactlyOnceWith(sam, false);
    expect(statement).toMatchObject({ partyId: sam!.id, text: 'Not me.', source: 'thread_message', sourceUrl: 'https://discord.com/channels/1/2/3' });
    expect(statement).not.toHaveProperty('sourceMessageId');
    expect((await s.cases.forGuild(guildId).find(c.number))?.parties).toEqual(c.parties);
    expect((await eventsOf(s, c.id)).slice(1)).toEqual([{ type: 'statement_recorded', actorId: MOD, data: { partyId: sam!.id } }]);
  });

  it('a party added without a statement leaves the status as it was', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const { party, statement } = await s.cases.forGuild(guildId).addSide(c.id, { party: { userId: ROBIN, role: 'witness' }, statement: null }, () => ({ events: [], owed: [] }));
    expect(statement).toBeNull();
    expect(party.position).toBe(3);
    expect((await s.cases.forGuild(guildId).find(c.number))?.status).toBe('open');
    expect(await s.cases.forGuild(guildId).sideStatements(c.id)).toEqual([]);
  });

  it('refuses a side for a user already on the case, for a party of another case, or whose `then` fails, saving nothing', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const elsewhere = await s.cases.forGuild(guildId).open(newCase({ parties: [{ userId: ROBIN, role: 'complainant' }, { userId: KIM, role: 'accused' }] }));
    const statement = { recordedById: MOD, text: 'x', source: 'moderator_entry' } as const;
    const then = () => ({ events: [{ type: 'party_added', actorId: MOD }] as EventInput[], owed: [] });

    await expect(s.cases.forGuild(guildId).addSide(c.id, { party: { userId: ALEX, role: 'witness' }, statement }, then)).rejects.toThrow();
    await expect(s.cases.forGuild(guildId).addSide(c.id, { party: { id: elsewhere.parties[0]!.id }, statement }, then)).rejects.toThrow();
    await expect(
      s.cases.forGuild(guildId).addSide(c.id, { party: { userId: ROBIN, role: 'witness' }, statement }, () => {
        throw new Error('then failed');
      }),
    ).rejects.toThrow('then failed');

    const found = await s.cases.forGuild(guildId).find(c.number);
    expect(found?.parties).toEqual(c.parties);
    expect(found?.status).toBe('open');
    expect(await s.cases.forGuild(guildId).sideStatements(c.id)).toEqual([]);
    expect((await eventsOf(s, c.id)).map((e) => e.type)).toEqual(['case_opened']);
  });

  it('records a statement of a party already on the case, with its event', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const [alex] = c.parties;
    const created = await s.cases.forGuild(guildId).addStatement(
            c.id,
      { partyId: alex!.id, recordedById: MOD, text: 'My side.', source: 'moderator_entry' },
      { type: 'statement_recorded', actorId: MOD, data: { partyId: alex!.id, source: 'moderator_entry' } },
    );
    expect(created).toEqual({ id: anyId, partyId: alex!.id, recordedById: MOD, text: 'My side.', source: 'moderator_entry', sourceUrl: null, createdAt: anyDate });
    expect((await s.cases.forGuild(guildId).find(c.number))?.status).toBe('interviewing');
    expect(await s.cases.forGuild(guildId).sideStatements(c.id)).toEqual([{ partyId: alex!.id, text: 'My side.' }]);
    expect((await eventsOf(s, c.id)).slice(1)).toEqual([{ type: 'statement_recorded', actorId: MOD, data: { partyId: alex!.id, source: 'moderator_entry' } }]);
  });

  it('refuses a statement naming a party of another case, saving nothing', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const elsewhere = await s.cases.forGuild(guildId).open(newCase());
    await expect(
      s.cases.forGuild(guildId).addStatement(c.id, { partyId: elsewhere.parties[0]!.id, recordedById: MOD, text: 'Misfiled.', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD }),
    ).rejects.toThrow();
    expect(await s.cases.forGuild(guildId).sideStatements(c.id)).toEqual([]);
    expect((await s.cases.forGuild(guildId).find(c.number))?.status).toBe('open');
    expect((await eventsOf(s, c.id)).map((e) => e.type)).toEqual(['case_opened']);
  });

  it('gives who said what for counting the sides heard, party and text', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const [alex, sam] = c.parties;
    for (const [party, text] of [
      [alex!, 'first'],
      [sam!, 'second'],
      [alex!, 'third'],
    ] as const) {
      await s.cases.forGuild(guildId).addStatement(c.id, { partyId: party.id, recordedById: MOD, text, source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
    }
    const sides = await s.cases.forGuild(guildId).sideStatements(c.id);
    expect([...sides].sort((a, b) => a.text.localeCompare(b.text))).toEqual([
      { partyId: alex!.id, text: 'first' },
      { partyId: sam!.id, text: 'second' },
      { partyId: alex!.id, text: 'third' },
    ]);
  });

  // ------------------------------------------------------------ notes, escalations

  it('adds a staff note with its event; the status stays', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const note = await s.cases.forGuild(guildId).addNote(c.id, { authorId: MOD, text: 'Staff only.' }, { type: 'note_added', actorId: MOD, data: { length: 11 } });
    expect(note).toEqual({ id: anyId, authorId: MOD, text: 'Staff only.', createdAt: anyDate });
    expect((await s.cases.forGuild(guildId).detail(c.number, 10))?.notes).toEqual([note]);
    expect((await s.cases.forGuild(guildId).find(c.number))?.status).toBe('open');
    expect((await eventsOf(s, c.id)).slice(1)).toEqual([{ type: 'note_added', actorId: MOD, data: { length: 11 } }]);
  });

  it('escalates: the escalation is saved, the case is escalated, the event carries the escalation id, and the work owed gets the escalation', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    let seen: EscalationRecord | undefined;
    const postId = randomUUID();
    const esc = await s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'legitimate complaint', urgency: 'urgent' }, { type: 'case_escalated', actorId: MOD, data: { urgency: 'urgent' } }, (e) => {
      seen = e;
      const notice = { guildId, caseNumber: c.number, category: c.category, realLife: c.realLife, offPlatform: c.offPlatform, sidesHeard: { heard: 0, of: 2 }, reason: e.reason, urgency: e.urgency, escalatedById: MOD, escalationId: e.id, threadIds: [] };
      return [{ id: postId, kind: 'escalation.post', caseId: c.id, actorId: MOD, payload: { escalationId: e.id, channelId: '500000000000000001', adminRoleId: '400000000000000002', notice } }];
    });
    expect(esc).toEqual({
      id: anyId,
      caseId: c.id,
      escalatedById: MOD,
      reason: 'legitimate complaint',
      urgency: 'urgent',
      channelId: null,
      messageId: null,
      acknowledgedById: null,
      acknowledgedAt: null,
      createdAt: anyDate,
    });
    expect(seen).toEqual(esc);
    expect(await s.cases.forGuild(guildId).findEscalation(esc.id)).toEqual(esc);
    expect((await s.cases.forGuild(guildId).find(c.number))?.status).toBe('escalated');
    expect(await owedIds(s, [postId])).toEqual([postId]);
    // An escalated case may be escalated again.
    const again = await s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'still worrying', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD, data: { urgency: 'normal' } });
    expect((await eventsOf(s, c.id)).slice(1)).toEqual([
      { type: 'case_escalated', actorId: MOD, data: { urgency: 'urgent', escalationId: esc.id } },
      { type: 'case_escalated', actorId: MOD, data: { urgency: 'normal', escalationId: again.id } },
    ]);
  });

  it('acknowledges an escalation once: the first admin wins, a second gets null, one event', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const esc = await s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'r', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
    const at = new Date('2025-03-01T13:00:00.000Z');
    const first = await s.cases.forGuild(guildId).acknowledgeEscalation(esc.id, 'admin-1', at);
    expect(first).toEqual({ ...esc, acknowledgedById: 'admin-1', acknowledgedAt: at });
    expect(await s.cases.forGuild(guildId).acknowledgeEscalation(esc.id, 'admin-2', new Date())).toBeNull();
    expect(await s.cases.forGuild(guildId).findEscalation(esc.id)).toEqual(first);
    expect((await eventsOf(s, c.id)).filter((e) => e.type === 'escalation_acknowledged')).toEqual([{ type: 'escalation_acknowledged', actorId: 'admin-1', data: { escalationId: esc.id } }]);
    expect(await s.cases.forGuild(guildId).findEscalation(randomUUID())).toBeNull();
  });

  // ------------------------------------------------------------ closing and refusals

  it('closes a case with outcome, reason, who and when, its event, and the work owed for the closed case', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    let seen: CaseWithParties | undefined;
    const closeId = randomUUID();
    const at = new Date('2025-03-02T10:00:00.000Z');
    const closed = await s.cases.forGuild(guildId).close(c.id, closing(at), closedEvent, (x) => {
      seen = x;
      return [{ id: closeId, kind: 'case.close', caseId: x.id, actorId: MOD, payload: { threadIds: [], closingMessage: 'Closed.' } }];
    });
    expect(closed).toEqual({ ...c, status: 'closed', outcome: 'advised_self_help', closeReason: 'Both advised.', closedById: MOD, closedAt: at });
    expect(seen).toEqual(closed);
    expect(await s.cases.forGuild(guildId).find(c.number)).toEqual(closed);
    expect(await owedIds(s, [closeId])).toEqual([closeId]);
    expect((await eventsOf(s, c.id)).slice(1)).toEqual([closedEvent]);
  });

  it('refuses every change to a closed case with CaseStateConflict, before asking for events or owed work, saving nothing', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const [alex] = c.parties;
    const closed = await s.cases.forGuild(guildId).close(c.id, closing(), closedEvent);
    const then = vi.fn(() => ({ events: [{ type: 'party_added', actorId: MOD }] as EventInput[], owed: [] }));
    const owe = vi.fn(() => []);
    const statement = { recordedById: MOD, text: 'late', source: 'moderator_entry' } as const;

    // Each change is tried only when the one before was refused (a rejection nobody awaits yet would go unhandled).
    const refusals: (() => Promise<unknown>)[] = [
      () => s.cases.forGuild(guildId).addSide(c.id, { party: { userId: ROBIN, role: 'witness' }, statement: null }, then),
      () => s.cases.forGuild(guildId).addSide(c.id, { party: { id: alex!.id }, statement }, then),
      () => s.cases.forGuild(guildId).addStatement(c.id, { ...statement, partyId: alex!.id }, { type: 'statement_recorded', actorId: MOD }),
      () => s.cases.forGuild(guildId).addNote(c.id, { authorId: MOD, text: 'late' }, { type: 'note_added', actorId: MOD }),
      () => s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'late', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD }, owe),
      () => s.cases.forGuild(guildId).close(c.id, { ...closing(), reason: 'again' }, closedEvent, owe),
    ];
    for (const refusal of refusals) await expect(refusal()).rejects.toBeInstanceOf(CaseStateConflict);

    expect(then).not.toHaveBeenCalled();
    expect(owe).not.toHaveBeenCalled();
    const detail = await s.cases.forGuild(guildId).detail(c.number, 10);
    expect(detail).toMatchObject({ status: 'closed', closeReason: 'Both advised.', statements: [], notes: [], escalations: [] });
    expect(detail?.parties).toEqual(closed.parties);
    expect((await eventsOf(s, c.id)).map((e) => e.type)).toEqual(['case_opened', 'case_closed']);
  });

  it('a close or an escalation whose owed work cannot be made changes nothing', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const cannot = () => {
      throw new Error('cannot owe');
    };
    await expect(s.cases.forGuild(guildId).close(c.id, closing(), closedEvent, cannot)).rejects.toThrow('cannot owe');
    await expect(s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'r', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD }, cannot)).rejects.toThrow('cannot owe');
    const detail = await s.cases.forGuild(guildId).detail(c.number, 10);
    expect(detail).toMatchObject({ status: 'open', outcome: null, closeReason: null, closedById: null, closedAt: null, escalations: [] });
    expect((await eventsOf(s, c.id)).map((e) => e.type)).toEqual(['case_opened']);
  });

  // ------------------------------------------------------------ deliveries and events

  it('records safe-chat deliveries, failed ones too, each with its event carrying the delivery id', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const sent = await s.cases.forGuild(guildId).recordDelivery(
            { caseId: c.id, userId: ALEX, requestedById: MOD, topics: ['self_help', 'personal_info'], channel: 'dm', delivered: true, failureReason: null },
      { type: 'safechat_sent', actorId: MOD, data: { topics: ['self_help', 'personal_info'] } },
    );
    const failed = await s.cases.forGuild(guildId).recordDelivery(
            { caseId: null, userId: SAM, requestedById: MOD, topics: ['real_life'], channel: 'none', delivered: false, failureReason: 'dms-closed' },
      { type: 'safechat_failed', actorId: MOD },
    );
    expect(sent).toEqual({ id: anyId, caseId: c.id, userId: ALEX, topics: ['self_help', 'personal_info'], channel: 'dm', delivered: true, failureReason: null, createdAt: anyDate });
    expect(failed).toMatchObject({ caseId: null, userId: SAM, topics: ['real_life'], channel: 'none', delivered: false, failureReason: 'dms-closed' });
    expect(sent).not.toHaveProperty('requestedById');
    expect((await s.cases.forGuild(guildId).detail(c.number, 10))?.deliveries).toEqual([sent]);
    expect((await s.auditLog({ guildId })).slice(1)).toEqual([
      { guildId, caseId: c.id, actorId: MOD, type: 'safechat_sent', data: { topics: ['self_help', 'personal_info'], deliveryId: sent.id } },
      { guildId, caseId: null, actorId: MOD, type: 'safechat_failed', data: { deliveryId: failed.id } },
    ]);
    await expect(
      s.cases.forGuild(guildId).recordDelivery({ caseId: randomUUID(), userId: ALEX, requestedById: MOD, topics: [], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD }),
    ).rejects.toThrow();
    expect(await s.auditLog({ guildId })).toHaveLength(3);
  });

  it("finds a user's deliveries since a moment, newest first, the moment itself included", async () => {
    const s = subject();
    const guildId = nextGuild();
    const deliver = (userId: string) =>
      s.cases.forGuild(guildId).recordDelivery({ caseId: null, userId, requestedById: MOD, topics: ['self_help'], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });
    const before = await deliver(ALEX);
    await s.passTime(40);
    const since = s.now();
    await s.passTime(40);
    const first = await deliver(ALEX);
    await s.passTime(5);
    const second = await deliver(ALEX);
    await deliver(SAM);
    expect((await s.cases.forGuild(guildId).recentDeliveries(ALEX, since)).map((d) => d.id)).toEqual([second.id, first.id]);
    expect((await s.cases.forGuild(guildId).recentDeliveries(ALEX, before.createdAt)).map((d) => d.id)).toEqual([second.id, first.id, before.id]);
    expect(await s.cases.forGuild(guildId).recentDeliveries(ROBIN, before.createdAt)).toEqual([]);
  });

  it('appends events to a case or to the guild alone, with their data as given ({} when none)', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    await s.cases.forGuild(guildId).appendEvent(c.id, { type: 'case_exported', actorId: ADMIN, data: { format: 'html', parts: ['a', 'b'], nested: { n: 1, none: null } } });
    await s.cases.forGuild(guildId).appendEvent(null, { type: 'settings_updated', actorId: MOD });
    expect((await s.auditLog({ guildId })).slice(1)).toEqual([
      { guildId, caseId: c.id, actorId: ADMIN, type: 'case_exported', data: { format: 'html', parts: ['a', 'b'], nested: { n: 1, none: null } } },
      { guildId, caseId: null, actorId: MOD, type: 'settings_updated', data: {} },
    ]);
    await expect(s.cases.forGuild(guildId).appendEvent(randomUUID(), { type: 'note_added', actorId: MOD })).rejects.toThrow();
    expect(await s.auditLog({ guildId })).toHaveLength(3);
  });

  it('keeps event data as JSON keeps it: a date becomes its ISO text, an undefined field is left out', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const at = new Date('2025-03-01T12:34:56.789Z');
    await s.cases.forGuild(guildId).appendEvent(c.id, { type: 'note_added', actorId: MOD, data: { at, reason: undefined, kept: null } });
    const [stored] = (await s.auditLog({ caseId: c.id })).filter((e) => e.type === 'note_added');
    expect(stored?.data).toStrictEqual({ at: at.toISOString(), kept: null });
    const [recent] = (await s.cases.forGuild(guildId).detail(c.number, 1))?.recentEvents ?? [];
    expect(recent?.data).toStrictEqual({ at: at.toISOString(), kept: null });
  });

  // ------------------------------------------------------------ reading

  it('reads the whole record: parties, statements, escalations, notes and deliveries oldest first, the newest events first and as many as asked', async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    const [alex, sam] = c.parties;
    await s.setPartyThread(guildId, alex!.id, '450000000000000001');
    const tick = () => s.passTime(5);
    const st1 = await s.cases.forGuild(guildId).addStatement(c.id, { partyId: alex!.id, recordedById: MOD, text: 'one', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
    await tick();
    const n1 = await s.cases.forGuild(guildId).addNote(c.id, { authorId: MOD, text: 'note one' }, { type: 'note_added', actorId: MOD });
    await tick();
    const st2 = await s.cases.forGuild(guildId).addStatement(c.id, { partyId: sam!.id, recordedById: MOD, text: 'two', source: 'moderator_entry' }, { type: 'statement_recorded', actorId: MOD });
    await tick();
    const e1 = await s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'one', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
    await tick();
    const n2 = await s.cases.forGuild(guildId).addNote(c.id, { authorId: MOD, text: 'note two' }, { type: 'note_added', actorId: MOD });
    await tick();
    const e2 = await s.cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'two', urgency: 'urgent' }, { type: 'case_escalated', actorId: MOD });
    await tick();
    const d1 = await s.cases.forGuild(guildId).recordDelivery({ caseId: c.id, userId: ALEX, requestedById: MOD, topics: ['self_help'], channel: 'dm', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });
    await tick();
    const d2 = await s.cases.forGuild(guildId).recordDelivery({ caseId: c.id, userId: SAM, requestedById: MOD, topics: ['real_life'], channel: 'interview_thread', delivered: true, failureReason: null }, { type: 'safechat_sent', actorId: MOD });

    const detail = await s.cases.forGuild(guildId).detail(c.number, 3);
    expect(detail).toMatchObject({ id: c.id, guildId, number: c.number, status: 'escalated' });
    expect(detail?.parties).toEqual([{ ...alex, threadId: '450000000000000001' }, sam]);
    expect(detail?.statements).toEqual([st1, st2]);
    expect(detail?.notes).toEqual([n1, n2]);
    expect(detail?.escalations).toEqual([e1, e2]);
    expect(detail?.deliveries).toEqual([d1, d2]);
    expect(detail?.recentEvents.map(({ type, actorId, caseId, data }) => ({ type, actorId, caseId, data }))).toEqual([
      { type: 'safechat_sent', actorId: MOD, caseId: c.id, data: { deliveryId: d2.id } },
      { type: 'safechat_sent', actorId: MOD, caseId: c.id, data: { deliveryId: d1.id } },
      { type: 'case_escalated', actorId: MOD, caseId: c.id, data: { escalationId: e2.id } },
    ]);
    expect(detail?.recentEvents.every((e) => typeof e.id === 'string' && e.createdAt instanceof Date)).toBe(true);
    expect((await s.cases.forGuild(guildId).detail(c.number, 0))?.recentEvents).toEqual([]);
    expect((await s.cases.forGuild(guildId).detail(c.number, 100))?.recentEvents.map((e) => e.type).reverse()).toEqual((await eventsOf(s, c.id)).map((e) => e.type));
    expect(await s.cases.forGuild(guildId).detail(c.number + 1, 3)).toBeNull();
  });

  it('lists a guild’s cases newest first, filtered by status and paged, with the total', async () => {
    const s = subject();
    const guildId = nextGuild();
    for (let i = 0; i < 5; i++) await s.cases.forGuild(guildId).open(newCase());
    const c2 = await s.cases.forGuild(guildId).find(2);
    const closed = await s.cases.forGuild(guildId).close(c2!.id, closing(), closedEvent);
    const page0 = await s.cases.forGuild(guildId).list({ page: 0, pageSize: 2 });
    expect(page0.items.map((c) => c.number)).toEqual([5, 4]);
    expect(page0.total).toBe(5);
    expect((await s.cases.forGuild(guildId).list({ page: 2, pageSize: 2 })).items.map((c) => c.number)).toEqual([1]);
    expect(await s.cases.forGuild(guildId).list({ page: 3, pageSize: 2 })).toEqual({ items: [], total: 5 });
    const { parties: _p, ...closedRecord } = closed;
    expect(await s.cases.forGuild(guildId).list({ status: 'closed', page: 0, pageSize: 10 })).toEqual({ items: [closedRecord], total: 1 });
    expect((await s.cases.forGuild(guildId).list({ status: 'open', page: 0, pageSize: 10 })).items.map((c) => c.number)).toEqual([5, 4, 3, 1]);
    expect(page0.items[0]).not.toHaveProperty('parties');
  });

  it("finds a user's cases that are not closed, newest first, and which of given cases have the user as a party", async () => {
    const s = subject();
    const guildId = nextGuild();
    const one = await s.cases.forGuild(guildId).open(newCase());
    const two = await s.cases.forGuild(guildId).open(newCase({ parties: [{ userId: ROBIN, role: 'complainant' }, { userId: SAM, role: 'accused' }] }));
    const three = await s.cases.forGuild(guildId).open(newCase({ parties: [{ userId: KIM, role: 'complainant' }, { userId: ALEX, role: 'accused' }] }));
    await s.cases.forGuild(guildId).addSide(two.id, { party: { userId: ALEX, role: 'witness' }, statement: null }, () => ({ events: [], owed: [] }));
    await s.cases.forGuild(guildId).close(one.id, closing(), closedEvent);

    expect((await s.cases.forGuild(guildId).openCasesOfUser(ALEX)).map((c) => c.number)).toEqual([three.number, two.number]);
    expect((await s.cases.forGuild(guildId).openCasesOfUser(KIM)).map((c) => c.status)).toEqual(['open']);
    expect(await s.cases.forGuild(guildId).openCasesOfUser('399999999999999999')).toEqual([]);

    const ids = [one.id, two.id, three.id];
    expect([...(await s.cases.forGuild(guildId).casesWithParty(SAM, ids))].sort()).toEqual([one.id, two.id].sort());
    expect([...(await s.cases.forGuild(guildId).casesWithParty(ALEX, [one.id, three.id]))].sort()).toEqual([one.id, three.id].sort());
    expect((await s.cases.forGuild(guildId).casesWithParty(SAM, [])).size).toBe(0);
  });

  it("finds a case by a party's interview thread", async () => {
    const s = subject();
    const guildId = nextGuild();
    const c = await s.cases.forGuild(guildId).open(newCase());
    await s.cases.forGuild(guildId).open(newCase());
    await s.setPartyThread(guildId, c.parties[1]!.id, '450000000000000002');
    const found = await s.cases.forGuild(guildId).findByThread('450000000000000002');
    expect(found?.id).toBe(c.id);
    expect(found?.parties.map((p) => p.threadId)).toEqual([null, '450000000000000002']);
    expect(await s.cases.forGuild(guildId).findByThread('450000000000000009')).toBeNull();
  });
});
