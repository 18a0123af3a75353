import { beforeEach, describe, expect, it } from 'vitest';
import type { PartyRecord } from '../../../src/ports.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { escalate } from '../../../src/services/escalation.js';
import { addSide, recordMessageAsStatement, type AddSideInput, type RecordMessageInput } from '../../../src/services/side-recording.js';
import { COMMUNITY_NAME, createHarness, IDS, staffActor, type Harness } from '../../support/fakes/service-harness.js';

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

const input = (overrides: Partial<AddSideInput> = {}): AddSideInput => ({
  guildId: IDS.GUILD,
  actor: h.actors.mod,
  caseNumber: 1,
  user: { id: IDS.ALEX, isBot: false },
  statement: 'Sam followed me into every channel after I asked them to stop',
  role: null,
  ...overrides,
});

async function added(overrides: Partial<AddSideInput> = {}) {
  const result = await addSide(h.deps, input(overrides));
  if (!result.ok) throw new Error(`addSide refused with ${result.reason}`);
  return result.value;
}

async function storedCase(number = 1) {
  const found = await h.cases.forGuild(IDS.GUILD).find(number);
  if (!found) throw new Error(`no case #${number}`);
  return found;
}

async function partyOf(userId: string, number = 1): Promise<PartyRecord> {
  const party = (await storedCase(number)).parties.find((p) => p.userId === userId);
  if (!party) throw new Error(`${userId} is not a party to case #${number}`);
  return party;
}

async function threadOf(userId: string, number = 1): Promise<string> {
  const { threadId } = await partyOf(userId, number);
  if (threadId === null) throw new Error(`${userId} has no thread`);
  return threadId;
}

async function closeOneSided(): Promise<void> {
  const result = await closeCase(h.deps, {
    guildId: IDS.GUILD,
    actor: h.actors.mod2,
    caseNumber: 1,
    outcome: 'no_action',
    reason: 'Nothing more to do',
    oneSidedReason: 'Nobody answered',
  });
  if (!result.ok) throw new Error(`test setup: closeCase refused with ${result.reason}`);
}

/** Runs a refused addSide and checks that nothing was recorded nor sent. */
async function expectRefusedWithoutChange(overrides: Partial<AddSideInput>, expected: Record<string, unknown>): Promise<void> {
  const before = h.snapshot();
  const result = await addSide(h.deps, input(overrides));
  expect(result).toEqual({ ok: false, ...expected });
  expect(h.snapshot()).toEqual(before);
}

describe('/case addside: a side for a party already on the case', () => {
  it("records the complainant's statement, trimmed, with who recorded it; the case moves from open to interviewing", async () => {
    const { case: c } = await h.open();
    const alex = await partyOf(IDS.ALEX);
    const threadCallsBefore = h.threads.callCount;

    const result = await added({ statement: '  Sam followed me into every channel  ' });

    expect(result.newParty).toBe(false);
    expect(result.thread).toBeNull();
    expect(result.party).toEqual(alex);
    expect(result.caseNumber).toBe(1);
    expect(result.interviewChannelId).toBe(IDS.INTERVIEW_CHANNEL);
    expect(h.cases.statements).toEqual([
      expect.objectContaining({
        caseId: c.id,
        partyId: alex.id,
        recordedById: IDS.MOD,
        text: 'Sam followed me into every channel',
        source: 'moderator_entry',
        sourceUrl: null,
        sourceMessageId: null,
      }),
    ]);
    expect(result.statement).toMatchObject({ id: h.cases.statements[0]?.id, partyId: alex.id });
    expect((await storedCase()).status).toBe('interviewing');
    const events = h.cases.eventsOfType('statement_recorded');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: c.id, actorId: IDS.MOD, data: { partyId: alex.id, source: 'moderator_entry' } });
    // Nothing posted anywhere: the statement stays in the record.
    expect(h.threads.callCount).toBe(threadCallsBefore);
    expect(h.dms.callCount + h.notifier.callCount).toBe(0);
  });

  it('a statement of exactly 4000 characters is accepted', async () => {
    await h.open();
    const result = await added({ statement: 's'.repeat(4000) });
    expect(result.statement?.text).toHaveLength(4000);
  });

  it('a further side on an escalated case keeps it escalated', async () => {
    await h.open();
    const esc = await escalate(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, reason: 'Looks legitimate', urgency: 'normal' });
    expect(esc.ok).toBe(true);

    await added({ user: { id: IDS.SAM, isBot: false }, statement: 'I only joined for the event' });

    expect((await storedCase()).status).toBe('escalated');
    expect(h.cases.statements).toHaveLength(1);
  });

  it('a role given for someone already on the case is ignored: Sam stays the accused and no party is added', async () => {
    await h.open();
    const partiesBefore = h.cases.counts().parties;

    const result = await added({ user: { id: IDS.SAM, isBot: false }, role: 'witness' });

    expect(result.party.role).toBe('accused');
    expect((await partyOf(IDS.SAM)).role).toBe('accused');
    expect(h.cases.counts().parties).toBe(partiesBefore);
    expect(h.cases.eventsOfType('party_added')).toHaveLength(0);
  });

  it('a blank statement for a party who already has a thread records nothing and leaves the case open', async () => {
    await h.open();
    const before = h.snapshot();

    const result = await added({ statement: '   ' });

    expect(result).toMatchObject({ newParty: false, thread: null, statement: null });
    expect(h.snapshot()).toEqual(before);
    expect((await storedCase()).status).toBe('open');
  });
});

describe('/case addside: a person new to the case', () => {
  it('joins as a witness at the next position with a party_added event, and gets a thread with only [party, moderator]', async () => {
    const { case: c } = await h.open();

    const result = await added({ user: { id: IDS.ROBIN, isBot: false }, statement: null });

    expect(result.newParty).toBe(true);
    expect(result.party).toMatchObject({ caseId: c.id, userId: IDS.ROBIN, role: 'witness', position: 3 });
    const addedEvents = h.cases.eventsOfType('party_added');
    expect(addedEvents).toHaveLength(1);
    expect(addedEvents[0]).toMatchObject({ caseId: c.id, actorId: IDS.MOD, data: { userId: IDS.ROBIN, role: 'witness' } });

    const open = h.threads.opens.at(-1);
    expect(open).toMatchObject({
      guildId: IDS.GUILD,
      parentChannelId: IDS.INTERVIEW_CHANNEL,
      name: 'case-1-interview-3',
      memberIds: [IDS.ROBIN, IDS.MOD],
      addresseeId: IDS.ROBIN,
    });
    expect(open?.intro).toContain(`<@${IDS.ROBIN}>`);
    expect(open?.intro).toContain(COMMUNITY_NAME);
    expect(open?.intro).not.toContain(IDS.ALEX);
    expect(open?.intro).not.toContain(IDS.SAM);

    expect(result.thread).toEqual({ partyId: result.party.id, userId: IDS.ROBIN, status: 'opened', threadId: open?.threadId });
    expect(result.party.threadId).toBe(open?.threadId);
    expect((await partyOf(IDS.ROBIN)).threadId).toBe(open?.threadId);
    expect(h.cases.eventsOfType('thread_created').at(-1)?.data).toEqual({ partyId: result.party.id, threadId: open?.threadId });
  });

  it('adding a party without a statement leaves an open case open', async () => {
    await h.open();
    await added({ user: { id: IDS.ROBIN, isBot: false }, statement: null });
    expect((await storedCase()).status).toBe('open');
    expect(h.cases.statements).toHaveLength(0);
  });

  it('joins with the role given, and a statement given with them is recorded for the new party', async () => {
    await h.open();

    const result = await added({ user: { id: IDS.ROBIN, isBot: false }, role: 'accused', statement: 'I was there too' });

    expect(result.party.role).toBe('accused');
    expect((await partyOf(IDS.ROBIN)).role).toBe('accused');
    expect(h.cases.statements).toEqual([expect.objectContaining({ partyId: result.party.id, text: 'I was there too', recordedById: IDS.MOD })]);
    expect((await storedCase()).status).toBe('interviewing');
  });

  it('when Discord refuses the new thread the party is still added, with a thread_failed event', async () => {
    await h.open();
    h.threads.failOpenFor(IDS.ROBIN, 'missing-access');

    const result = await added({ user: { id: IDS.ROBIN, isBot: false }, statement: 'I saw it happen' });

    expect(result.thread).toMatchObject({ status: 'failed', reason: 'missing-access', userId: IDS.ROBIN });
    expect(result.party.threadId).toBeNull();
    expect((await partyOf(IDS.ROBIN)).threadId).toBeNull();
    expect(h.cases.eventsOfType('thread_failed').at(-1)).toMatchObject({ data: { partyId: result.party.id, reason: 'missing-access' } });
    expect(h.cases.statements).toHaveLength(1);
  });
});

describe('/case addside: reopening a thread that could not be opened', () => {
  it("opens Sam's missing thread under the same neutral name, with Sam and the moderator running addside", async () => {
    h.threads.failOpenFor(IDS.SAM, 'missing-permissions');
    await h.open();
    h.threads.clearFailures();
    const sam = await partyOf(IDS.SAM);
    expect(sam.threadId).toBeNull();

    const result = await added({ actor: h.actors.mod2, user: { id: IDS.SAM, isBot: false }, statement: null });

    expect(result.newParty).toBe(false);
    const reopened = h.threads.opens.at(-1);
    expect(reopened).toMatchObject({ name: 'case-1-interview-2', memberIds: [IDS.SAM, IDS.MOD2], addresseeId: IDS.SAM, failure: null });
    expect(reopened?.threadId).toMatch(/^\d{17,}$/);
    expect(result.thread).toEqual({ partyId: sam.id, userId: IDS.SAM, status: 'opened', threadId: reopened?.threadId });
    expect(result.party).toEqual({ ...sam, threadId: reopened?.threadId });
    expect((await partyOf(IDS.SAM)).threadId).toBe(reopened?.threadId);
    expect(h.cases.counts().parties).toBe(2);
    expect(h.cases.eventsOfType('party_added')).toHaveLength(0);
  });

  it('a refusal again leaves the thread missing and records another thread_failed event; the statement is still recorded', async () => {
    h.threads.failOpenFor(IDS.SAM, 'missing-permissions');
    await h.open();
    expect(h.cases.eventsOfType('thread_failed')).toHaveLength(1);

    const result = await added({ user: { id: IDS.SAM, isBot: false }, statement: 'It was a misunderstanding' });

    expect(result.thread).toMatchObject({ status: 'failed', reason: 'missing-permissions' });
    expect((await partyOf(IDS.SAM)).threadId).toBeNull();
    expect(h.cases.eventsOfType('thread_failed')).toHaveLength(2);
    expect(h.cases.statements.map((s) => s.text)).toEqual(['It was a misunderstanding']);
  });
});

describe('/case addside: refused, nothing recorded and nothing sent', () => {
  it('a bot as the party: party-is-bot', async () => {
    await h.open();
    await expectRefusedWithoutChange({ user: { id: IDS.BOT, isBot: true } }, { reason: 'party-is-bot' });
  });

  it('the moderator adding themselves: actor-is-party', async () => {
    await h.open();
    await expectRefusedWithoutChange({ user: { id: IDS.MOD, isBot: false } }, { reason: 'actor-is-party' });
  });

  it('a moderator who is the complainant recording the accused side: actor-is-party', async () => {
    await h.open();
    await expectRefusedWithoutChange({ actor: staffActor(IDS.ALEX), user: { id: IDS.SAM, isBot: false } }, { reason: 'actor-is-party' });
  });

  it('a statement of 4001 characters: text-too-long on statement, and a new party is not added either', async () => {
    await h.open();
    await expectRefusedWithoutChange({ statement: 'x'.repeat(4001) }, { reason: 'text-too-long', field: 'statement', max: 4000 });
    await expectRefusedWithoutChange(
      { user: { id: IDS.ROBIN, isBot: false }, statement: 'x'.repeat(4001) },
      { reason: 'text-too-long', field: 'statement', max: 4000 },
    );
  });

  it('a closed case: case-closed, for a statement and for adding a party alike', async () => {
    await h.open();
    await closeOneSided();
    await expectRefusedWithoutChange({}, { reason: 'case-closed' });
    await expectRefusedWithoutChange({ user: { id: IDS.ROBIN, isBot: false }, statement: null }, { reason: 'case-closed' });
  });

  it('a case number that does not exist: case-not-found', async () => {
    await h.open();
    await expectRefusedWithoutChange({ caseNumber: 7 }, { reason: 'case-not-found' });
  });

  it('a member without the staff role: not-staff', async () => {
    await h.open();
    await expectRefusedWithoutChange({ actor: h.actors.member }, { reason: 'not-staff' });
  });

  it('a guild that has not run /setup: not-configured', async () => {
    await expectRefusedWithoutChange({ guildId: IDS.OTHER_GUILD }, { reason: 'not-configured' });
  });
});

describe('Record as statement (message context menu)', () => {
  const messageInput = (threadId: string, overrides: Partial<RecordMessageInput> = {}): RecordMessageInput => ({
    guildId: IDS.GUILD,
    actor: h.actors.mod,
    channelId: threadId,
    message: {
      id: '600000000000000001',
      authorId: IDS.ALEX,
      content: '  It started in March, in the events channel.  ',
      url: `https://discord.com/channels/${IDS.GUILD}/${threadId}/600000000000000001`,
    },
    ...overrides,
  });

  async function expectMessageRefused(message: RecordMessageInput, expected: Record<string, unknown>): Promise<void> {
    const before = h.snapshot();
    const result = await recordMessageAsStatement(h.deps, message);
    expect(result).toEqual({ ok: false, ...expected });
    expect(h.snapshot()).toEqual(before);
  }

  it("the party's own message in their own thread: recorded as a thread_message with its link; the case moves to interviewing", async () => {
    const { case: c } = await h.open();
    const alexThread = await threadOf(IDS.ALEX);
    const alex = await partyOf(IDS.ALEX);
    const message = messageInput(alexThread);

    const result = await recordMessageAsStatement(h.deps, message);

    if (!result.ok) throw new Error(result.reason);
    expect(result.value.caseNumber).toBe(1);
    expect(h.cases.statements).toEqual([
      {
        id: result.value.statement.id,
        caseId: c.id,
        partyId: alex.id,
        recordedById: IDS.MOD,
        text: 'It started in March, in the events channel.',
        source: 'thread_message',
        sourceUrl: message.message.url,
        sourceMessageId: '600000000000000001',
        createdAt: h.clock.now(),
      },
    ]);
    expect((await storedCase()).status).toBe('interviewing');
    expect(h.cases.eventsOfType('statement_recorded')[0]).toMatchObject({
      caseId: c.id,
      actorId: IDS.MOD,
      data: { partyId: alex.id, source: 'thread_message', messageId: '600000000000000001' },
    });
  });

  it("the other party's message posted in Alex's thread: not-the-party-message", async () => {
    await h.open();
    const alexThread = await threadOf(IDS.ALEX);
    const message = messageInput(alexThread);
    await expectMessageRefused({ ...message, message: { ...message.message, authorId: IDS.SAM } }, { reason: 'not-the-party-message' });
  });

  it("the moderator's own message in the thread: not-the-party-message", async () => {
    await h.open();
    const alexThread = await threadOf(IDS.ALEX);
    const message = messageInput(alexThread);
    await expectMessageRefused({ ...message, message: { ...message.message, authorId: IDS.MOD } }, { reason: 'not-the-party-message' });
  });

  it('a message in a channel that is no interview thread: not-an-interview-thread', async () => {
    await h.open();
    await expectMessageRefused(messageInput(IDS.INTERVIEW_CHANNEL), { reason: 'not-an-interview-thread' });
  });

  it('the interview thread of a case in another guild: not-an-interview-thread', async () => {
    await h.configure(IDS.OTHER_GUILD);
    await h.open();
    const alexThread = await threadOf(IDS.ALEX);
    await expectMessageRefused(messageInput(alexThread, { guildId: IDS.OTHER_GUILD }), { reason: 'not-an-interview-thread' });
  });

  it('a member without the staff role: not-staff', async () => {
    await h.open();
    const alexThread = await threadOf(IDS.ALEX);
    await expectMessageRefused(messageInput(alexThread, { actor: h.actors.member }), { reason: 'not-staff' });
  });

  it('a moderator who is a party to the case: actor-is-party', async () => {
    await h.open();
    await added({ user: { id: IDS.MOD2, isBot: false }, statement: null }); // MOD2 joins as a witness
    const alexThread = await threadOf(IDS.ALEX);
    await expectMessageRefused(messageInput(alexThread, { actor: h.actors.mod2 }), { reason: 'actor-is-party' });
  });

  it('a message in the thread of a closed case: case-closed', async () => {
    await h.open();
    const alexThread = await threadOf(IDS.ALEX);
    await closeOneSided();
    await expectMessageRefused(messageInput(alexThread), { reason: 'case-closed' });
  });

  it('a message with no text (an attachment only): text-required on statement', async () => {
    await h.open();
    const alexThread = await threadOf(IDS.ALEX);
    const message = messageInput(alexThread);
    await expectMessageRefused({ ...message, message: { ...message.message, content: '' } }, { reason: 'text-required', field: 'statement' });
  });
});
