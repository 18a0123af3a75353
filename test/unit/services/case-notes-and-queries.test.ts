import { beforeEach, describe, expect, it } from 'vitest';
import { addNote } from '../../../src/services/case-notes.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { listText } from '../../../commands/case/list.js';
import { LIST_PAGE_SIZE, listCases, RECENT_EVENTS_IN_VIEW, viewCase } from '../../../src/services/case-queries.js';
import { escalate } from '../../../src/services/escalation.js';
import { sendSafeChat } from '../../../src/services/safechat.js';
import { addSide } from '../../../src/services/side-recording.js';
import type { Actor } from '../../../src/services/deps.js';
import { createHarness, IDS, staffActor, type Harness } from '../../support/fakes/service-harness.js';
import { translator } from '../../../src/i18n/translate.js';

const en = translator('en-US');

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

const noteInput = (overrides: Partial<Parameters<typeof addNote>[1]> = {}) => ({
  guildId: IDS.GUILD as string,
  actor: h.actors.mod as Actor,
  caseNumber: 1,
  text: "Sam's earlier warning was in March",
  ...overrides,
});

async function recordSide(userId: string, number = 1): Promise<void> {
  const result = await addSide(h.deps, {
    guildId: IDS.GUILD,
    actor: h.actors.mod2,
    caseNumber: number,
    user: { id: userId, isBot: false },
    statement: `What ${userId} says happened`,
    role: null,
  });
  if (!result.ok) throw new Error(`test setup: addSide refused with ${result.reason}`);
}

async function closeOneSided(number: number): Promise<void> {
  const result = await closeCase(h.deps, {
    guildId: IDS.GUILD,
    actor: h.actors.mod2,
    caseNumber: number,
    outcome: 'no_action',
    reason: 'Nothing more to do',
    oneSidedReason: 'Nobody answered',
  });
  if (!result.ok) throw new Error(`test setup: closeCase refused with ${result.reason}`);
}

async function escalateCase(number: number): Promise<void> {
  const result = await escalate(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod2, caseNumber: number, reason: 'Looks legitimate', urgency: 'normal' });
  if (!result.ok) throw new Error(`test setup: escalate refused with ${result.reason}`);
}

async function expectNoteRefusedWithoutChange(overrides: Partial<Parameters<typeof addNote>[1]>, expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  const result = await addNote(h.deps, noteInput(overrides));
  expect(result).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
}

describe('/case note', () => {
  it('stores the trimmed note with its author and a note_added event, and sends nothing to Discord', async () => {
    const { case: c } = await h.open();
    const before = h.snapshot();

    const result = await addNote(h.deps, noteInput({ text: "  Sam's earlier warning was in March  " }));

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.caseNumber).toBe(1);
    expect(h.cases.notes).toEqual([
      { id: result.value.note.id, caseId: c.id, authorId: IDS.MOD, text: "Sam's earlier warning was in March", createdAt: h.clock.now() },
    ]);
    const events = h.cases.eventsOfType('note_added');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: c.id, actorId: IDS.MOD });
    // One note and one event; no thread post, no DM, no notice.
    expect(h.snapshot()).toEqual({ ...before, notes: before.notes + 1, events: before.events + 1 });
  });

  it('never reaches a party: no thread, DM or escalation call, and no thread holds the text', async () => {
    await h.open();
    const secret = 'Staff only: Alex reported Sam once before';

    await addNote(h.deps, noteInput({ text: secret }));

    expect(h.threads.posts).toHaveLength(0);
    expect(h.dms.attempts).toHaveLength(0);
    expect(h.notifier.notices).toHaveLength(0);
    for (const opened of h.threads.opened) {
      expect(h.threads.thread(opened.threadId ?? '')?.messages.join('\n')).not.toContain(secret);
    }
  });

  it('does not change the case status, on an interviewing or an escalated case', async () => {
    await h.open();
    await recordSide(IDS.ALEX);
    await addNote(h.deps, noteInput());
    expect((await h.cases.forGuild(IDS.GUILD).find(1))?.status).toBe('interviewing');

    await escalateCase(1);
    await addNote(h.deps, noteInput({ text: 'After escalation' }));
    expect((await h.cases.forGuild(IDS.GUILD).find(1))?.status).toBe('escalated');
    expect(h.cases.notes.map((n) => n.text)).toEqual(["Sam's earlier warning was in March", 'After escalation']);
  });

  it('a note of exactly 2000 characters is accepted', async () => {
    await h.open();
    const result = await addNote(h.deps, noteInput({ text: 'n'.repeat(2000) }));
    expect(result.ok).toBe(true);
    expect(h.cases.notes[0]?.text).toHaveLength(2000);
  });

  it('an empty note: text-required on note, nothing stored', async () => {
    await h.open();
    await expectNoteRefusedWithoutChange({ text: '  \n ' }, { reason: 'text-required', field: 'note' });
  });

  it('a note of 2001 characters: text-too-long on note, nothing stored', async () => {
    await h.open();
    await expectNoteRefusedWithoutChange({ text: 'n'.repeat(2001) }, { reason: 'text-too-long', field: 'note', max: 2000 });
  });

  it('a closed case: case-closed', async () => {
    await h.open();
    await closeOneSided(1);
    await expectNoteRefusedWithoutChange({}, { reason: 'case-closed' });
  });

  it('a moderator who is a party: actor-is-party', async () => {
    await h.open();
    await expectNoteRefusedWithoutChange({ actor: staffActor(IDS.ALEX) }, { reason: 'actor-is-party' });
  });

  it('a member without the staff role: not-staff', async () => {
    await h.open();
    await expectNoteRefusedWithoutChange({ actor: h.actors.member }, { reason: 'not-staff' });
  });

  it('a case number that does not exist: case-not-found', async () => {
    await h.open();
    await expectNoteRefusedWithoutChange({ caseNumber: 2 }, { reason: 'case-not-found' });
  });
});

describe('/case view', () => {
  it('shows parties, statements, notes, escalations and deliveries, with 1 of 2 sides heard and the accused missing', async () => {
    const { case: c } = await h.open();
    await recordSide(IDS.ALEX);
    await addNote(h.deps, noteInput());
    await escalateCase(1);
    await sendSafeChat(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, user: { id: IDS.ALEX, isBot: false }, topic: 'self_help', caseNumber: 1, force: false });
    const before = h.snapshot();

    const result = await viewCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1 });

    if (!result.ok) throw new Error(result.reason);
    const { detail, sides } = result.value;
    expect(sides).toEqual({ heard: 1, of: 2, missing: ['accused'] });
    expect(detail).toMatchObject({ id: c.id, number: 1, status: 'escalated' });
    expect(detail.parties.map((p) => [p.userId, p.role])).toEqual([
      [IDS.ALEX, 'complainant'],
      [IDS.SAM, 'accused'],
    ]);
    const alexId = detail.parties[0]?.id;
    expect(detail.statements.map((s) => [s.partyId, s.text])).toEqual([[alexId, `What ${IDS.ALEX} says happened`]]);
    expect(detail.notes.map((n) => n.text)).toEqual(["Sam's earlier warning was in March"]);
    expect(detail.escalations.map((e) => e.reason)).toEqual(['Looks legitimate']);
    expect(detail.deliveries.map((d) => [d.userId, d.topics])).toEqual([[IDS.ALEX, ['self_help', 'personal_info']]]);
    // Viewing changes nothing.
    expect(h.snapshot()).toEqual(before);
  });

  it('with both principal sides heard: 2 of 2, nothing missing; a witness heard is not counted', async () => {
    await h.open();
    await recordSide(IDS.ALEX);
    await recordSide(IDS.SAM);
    await recordSide(IDS.ROBIN);

    const result = await viewCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1 });

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.sides).toEqual({ heard: 2, of: 2, missing: [] });
    expect(result.value.detail.statements).toHaveLength(3);
  });

  it(`shows only the latest ${RECENT_EVENTS_IN_VIEW} audit events, newest first`, async () => {
    await h.open();
    for (let i = 0; i < 12; i++) await addNote(h.deps, noteInput({ text: `note ${i}` }));
    const caseId = h.cases.allCases[0]?.id;
    const allOfCase = h.cases.events.filter((e) => e.caseId === caseId);

    const result = await viewCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1 });

    if (!result.ok) throw new Error(result.reason);
    const expectedIds = allOfCase.map((e) => e.id).reverse().slice(0, RECENT_EVENTS_IN_VIEW);
    expect(result.value.detail.recentEvents.map((e) => e.id)).toEqual(expectedIds);
    expect(result.value.detail.recentEvents.every((e) => e.type === 'note_added')).toBe(true);
  });

  it('a closed case can still be viewed', async () => {
    await h.open();
    await closeOneSided(1);
    const result = await viewCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1 });
    expect(result.ok && result.value.detail.status).toBe('closed');
  });

  it("another guild's case #1 is invisible: case-not-found", async () => {
    await h.configure(IDS.OTHER_GUILD);
    await h.open({ guildId: IDS.OTHER_GUILD });
    expect(await viewCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1 })).toEqual({ ok: false, reason: 'case-not-found' });
  });

  it('a moderator who is the accused may not view the case: actor-is-party', async () => {
    await h.open();
    expect(await viewCase(h.deps, { guildId: IDS.GUILD, actor: staffActor(IDS.SAM), caseNumber: 1 })).toEqual({ ok: false, reason: 'actor-is-party' });
  });

  it('a moderator added as a witness may not view the case: actor-is-party', async () => {
    await h.open();
    await recordSide(IDS.MOD);
    expect(await viewCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1 })).toEqual({ ok: false, reason: 'actor-is-party' });
  });

  it('a member without the staff role: not-staff', async () => {
    await h.open();
    expect(await viewCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.member, caseNumber: 1 })).toEqual({ ok: false, reason: 'not-staff' });
  });

  it('a guild that has not run /setup: not-configured', async () => {
    expect(await viewCase(h.deps, { guildId: IDS.OTHER_GUILD, actor: h.actors.mod, caseNumber: 1 })).toEqual({ ok: false, reason: 'not-configured' });
  });
});

describe('/case list', () => {
  const list = (overrides: Partial<Parameters<typeof listCases>[1]> = {}) =>
    listCases(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, status: null, page: 0, ...overrides });

  async function openCases(n: number): Promise<void> {
    for (let i = 0; i < n; i++) await h.open();
  }

  it('lists the cases newest first', async () => {
    await openCases(3);

    const result = await list();

    if (!result.ok) throw new Error(result.reason);
    expect(result.value).toMatchObject({ page: 0, pages: 1, total: 3, status: null });
    expect(result.value.items.map((c) => c.number)).toEqual([3, 2, 1]);
  });

  it('marks the cases the moderator is a party to, and the list shows nothing of them but their number', async () => {
    await h.open({ summary: 'FIRST: Alex v Sam' });
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false }, summary: 'SECOND: Robin v Sam' });
    await h.open({ accused: { id: IDS.ROBIN, isBot: false }, summary: 'THIRD: Alex v Robin' });

    const result = await list({ actor: staffActor(IDS.ROBIN) });

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.items.map((c) => [c.number, c.viewerIsParty])).toEqual([
      [3, true],
      [2, true],
      [1, false],
    ]);
    const text = listText(en, result.value);
    expect(text).toContain('#3 · you are a party to this case');
    expect(text).toContain('#2 · you are a party to this case');
    expect(text).not.toContain('SECOND');
    expect(text).not.toContain('THIRD');
    expect(text).toContain('FIRST: Alex v Sam');
  });

  it(`pages ${LIST_PAGE_SIZE} at a time: 23 cases make 3 pages of 10, 10 and 3`, async () => {
    await openCases(23);

    const pages = await Promise.all([0, 1, 2].map((page) => list({ page })));

    const numbers = pages.map((p) => (p.ok ? p.value.items.map((c) => c.number) : null));
    expect(numbers).toEqual([
      [23, 22, 21, 20, 19, 18, 17, 16, 15, 14],
      [13, 12, 11, 10, 9, 8, 7, 6, 5, 4],
      [3, 2, 1],
    ]);
    for (const [i, p] of pages.entries()) expect(p).toMatchObject({ ok: true, value: { page: i, pages: 3, total: 23 } });
  });

  it('exactly 10 cases make one page; 11 make two', async () => {
    await openCases(10);
    expect(await list()).toMatchObject({ ok: true, value: { pages: 1, total: 10 } });
    await openCases(1);
    expect(await list()).toMatchObject({ ok: true, value: { pages: 2, total: 11 } });
  });

  it('a page past the end is empty but still says how many pages there are', async () => {
    await openCases(3);
    expect(await list({ page: 4 })).toEqual({ ok: true, value: { items: [], page: 4, pages: 1, total: 3, status: null } });
  });

  it('a negative page is read as the first, a fractional one is rounded down', async () => {
    await openCases(12);
    expect(await list({ page: -3 })).toMatchObject({ ok: true, value: { page: 0 } });
    const second = await list({ page: 1.7 });
    expect(second).toMatchObject({ ok: true, value: { page: 1 } });
    expect(second.ok && second.value.items.map((c) => c.number)).toEqual([2, 1]);
  });

  it('with no case at all: one empty page', async () => {
    expect(await list()).toEqual({ ok: true, value: { items: [], page: 0, pages: 1, total: 0, status: null } });
  });

  it('filters by status and counts only the matching cases', async () => {
    await openCases(4);
    await recordSide(IDS.ALEX, 2); // #2 interviewing
    await escalateCase(3); // #3 escalated
    await closeOneSided(4); // #4 closed

    const byStatus = async (status: 'open' | 'interviewing' | 'escalated' | 'closed') => {
      const result = await list({ status });
      if (!result.ok) throw new Error(result.reason);
      expect(result.value.status).toBe(status);
      return [result.value.total, result.value.items.map((c) => c.number)];
    };
    expect(await byStatus('open')).toEqual([1, [1]]);
    expect(await byStatus('interviewing')).toEqual([1, [2]]);
    expect(await byStatus('escalated')).toEqual([1, [3]]);
    expect(await byStatus('closed')).toEqual([1, [4]]);
    expect(await list()).toMatchObject({ ok: true, value: { total: 4 } });
  });

  it("another guild's cases are not listed", async () => {
    await h.configure(IDS.OTHER_GUILD);
    await openCases(2);
    await h.open({ guildId: IDS.OTHER_GUILD });

    const here = await list();
    const there = await list({ guildId: IDS.OTHER_GUILD });

    expect(here.ok && here.value.items.map((c) => c.guildId)).toEqual([IDS.GUILD, IDS.GUILD]);
    expect(there).toMatchObject({ ok: true, value: { total: 1 } });
    expect(there.ok && there.value.items.map((c) => [c.guildId, c.number])).toEqual([[IDS.OTHER_GUILD, 1]]);
  });

  it('listing changes nothing and sends nothing', async () => {
    await openCases(2);
    const before = h.snapshot();
    await list();
    expect(h.snapshot()).toEqual(before);
  });

  it('a member without the staff role: not-staff', async () => {
    await openCases(1);
    expect(await list({ actor: h.actors.member })).toEqual({ ok: false, reason: 'not-staff' });
  });

  it('a guild that has not run /setup: not-configured', async () => {
    expect(await list({ guildId: IDS.OTHER_GUILD })).toEqual({ ok: false, reason: 'not-configured' });
  });
});
