import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { NewOwedAction } from '../../src/actions/types.js';
import { CaseStateConflict } from '../../src/domain/lifecycle.js';
import type { AnswerFollowUp, CaseWithParties } from '../../src/ports.js';
import { MOD, newCase } from '../support/case-fixtures.js';
import { describeContract, testGuild } from '../support/repository-subjects.js';

/**
 * The check-in writes, on the in-memory fakes and on both databases: owing a
 * check-in makes it its party's pending one (a later one replaces it); the
 * row is written once whatever the retries; an answer is taken once, only
 * from its member, with what it leads to (the flag, an escalation, owed
 * work) in the same transaction, and never on a closed case.
 */

const checkInFor = (c: CaseWithParties, partyIndex: number, delayMs = 0): NewOwedAction => ({
  id: randomUUID(),
  kind: 'checkin.send',
  caseId: c.id,
  actorId: MOD,
  ...(delayMs > 0 ? { delayMs } : {}),
  payload: { partyId: c.parties[partyIndex]!.id, userId: c.parties[partyIndex]!.userId, trigger: 'opened', requestedById: MOD },
});

const nothingElse: AnswerFollowUp = { events: [], owed: [], raiseRealLife: false, escalation: null };

describeContract('the check-in contract', (subject) => {
  let guild = 0;

  async function openedWithCheckIns() {
    const guildId = testGuild(`g-checkin-${++guild}`);
    const cases = subject().cases.forGuild(guildId);
    const owed: NewOwedAction[] = [];
    const c = await cases.open(newCase(), (opened) => {
      owed.push(checkInFor(opened, 0, 60_000), checkInFor(opened, 1, 60_000));
      return owed;
    });
    return { guildId, cases, c, owed };
  }

  async function started(cases: Awaited<ReturnType<typeof openedWithCheckIns>>['cases'], c: CaseWithParties, id: string, partyIndex = 0) {
    const party = c.parties[partyIndex]!;
    await cases.startCheckIn({ id, caseId: c.id, partyId: party.id, userId: party.userId, trigger: 'opened', requestedById: MOD });
  }

  it('owing a check-in makes it the party\'s pending one; owing another later replaces it', async () => {
    const { guildId, cases, c, owed } = await openedWithCheckIns();
    expect(await cases.pendingCheckInOf(c.parties[0]!.id)).toBe(owed[0]!.id);
    expect(await cases.pendingCheckInOf(c.parties[1]!.id)).toBe(owed[1]!.id);
    const later = checkInFor(c, 0);
    await subject().actions.add(guildId, [later]);
    expect(await cases.pendingCheckInOf(c.parties[0]!.id)).toBe(later.id);
    expect(await cases.pendingCheckInOf(c.parties[1]!.id)).toBe(owed[1]!.id);
    // Not another guild's party.
    expect(await subject().cases.forGuild(testGuild('g-checkin-other')).pendingCheckInOf(c.parties[0]!.id)).toBeNull();
  });

  it('writes the check-in once, for a party of the case only; another guild does not see it', async () => {
    const { cases, c } = await openedWithCheckIns();
    const id = randomUUID();
    await started(cases, c, id);
    await started(cases, c, id);
    expect(await cases.checkInsOf(c.id)).toEqual([expect.objectContaining({ id, userId: c.parties[0]!.userId, status: 'sending', answer: null, trigger: 'opened' })]);
    const party = c.parties[0]!;
    await expect(cases.startCheckIn({ id: randomUUID(), caseId: c.id, partyId: party.id, userId: '999999999999999999', trigger: 'opened', requestedById: MOD })).rejects.toThrow();
    expect(await subject().cases.forGuild(testGuild('g-checkin-other')).findCheckIn(id)).toBeNull();
  });

  it('takes an answer once, only from its member', async () => {
    const { cases, c } = await openedWithCheckIns();
    const id = randomUUID();
    await started(cases, c, id);
    const at = subject().now();
    expect(await cases.answerCheckIn(id, { userId: c.parties[1]!.userId, answer: 'better', at }, () => nothingElse)).toBeNull();
    const first = await cases.answerCheckIn(id, { userId: c.parties[0]!.userId, answer: 'still', at }, () => ({
      ...nothingElse,
      events: [{ type: 'checkin_answered', actorId: c.parties[0]!.userId, data: { checkInId: id, answer: 'still' } }],
    }));
    expect(first?.checkIn).toMatchObject({ id, answer: 'still' });
    expect(await cases.answerCheckIn(id, { userId: c.parties[0]!.userId, answer: 'real_life', at }, () => nothingElse)).toBeNull();
    expect((await cases.findCheckIn(id))?.answer).toBe('still');
    const answered = (await subject().auditLog({ caseId: c.id })).filter((e) => e.type === 'checkin_answered');
    expect(answered).toHaveLength(1);
  });

  it('a real-life answer raises the flag and opens the escalation with its owed work, in the same transaction', async () => {
    const { guildId, cases, c } = await openedWithCheckIns();
    const id = randomUUID();
    await started(cases, c, id);
    const userId = c.parties[0]!.userId;
    const postId = randomUUID();
    const result = await cases.answerCheckIn(id, { userId, answer: 'real_life', at: subject().now() }, () => ({
      events: [],
      owed: [],
      raiseRealLife: true,
      escalation: {
        input: { escalatedById: userId, reason: 'Reached real life', urgency: 'urgent' },
        event: { type: 'case_escalated', actorId: userId, data: { urgency: 'urgent' } },
        owe: (e) => [{ id: postId, kind: 'checkin.notice', caseId: c.id, actorId: userId, payload: { channelId: '5', content: `escalation ${e.id}` } }],
      },
    }));
    expect(result?.escalation).toMatchObject({ escalatedById: userId, urgency: 'urgent' });
    expect(await cases.find(c.number)).toMatchObject({ realLife: true, status: 'escalated' });
    const types = (await subject().auditLog({ caseId: c.id })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['real_life_flag_raised', 'case_escalated']));
    const [claimed] = await subject().actions.claim('holder', 60_000, 5, [postId]);
    expect(claimed?.guildId).toBe(guildId);
  });

  it('a closed case takes no answer, and writes nothing', async () => {
    const { cases, c } = await openedWithCheckIns();
    const id = randomUUID();
    await started(cases, c, id);
    await cases.close(c.id, { outcome: 'no_action', reason: 'Done', closedById: MOD, at: subject().now() }, { type: 'case_closed', actorId: MOD });
    await expect(cases.answerCheckIn(id, { userId: c.parties[0]!.userId, answer: 'real_life', at: subject().now() }, () => nothingElse)).rejects.toThrow(CaseStateConflict);
    expect((await cases.findCheckIn(id))?.answer).toBeNull();
  });

  it('a follow-up that throws leaves the check-in unanswered', async () => {
    const { cases, c } = await openedWithCheckIns();
    const id = randomUUID();
    await started(cases, c, id);
    await expect(
      cases.answerCheckIn(id, { userId: c.parties[0]!.userId, answer: 'better', at: subject().now() }, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await cases.findCheckIn(id))?.answer).toBeNull();
  });
});
