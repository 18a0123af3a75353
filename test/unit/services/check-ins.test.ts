import { beforeEach, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../src/i18n/languages.js';
import { translator } from '../../../src/i18n/translate.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { answerCheckIn, checkInAdvice, sendCheckInNow } from '../../../src/services/check-ins.js';
import { sendSafeChat } from '../../../src/services/safechat.js';
import { createHarness, IDS, type Harness } from '../../support/fakes/service-harness.js';

const DAY = 24 * 60 * 60 * 1000;

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
});

/** Moves the clock and carries out whatever is due by then. */
async function after(ms: number): Promise<void> {
  h.clock.advance(ms);
  await h.runner.drain();
}

const checkInOf = (userId: string) => {
  const found = h.cases.checkIns.filter((c) => c.userId === userId).at(-1);
  if (!found) throw new Error(`no check-in for ${userId}`);
  return found;
};
const answer = (userId: string, a: 'better' | 'still' | 'real_life', checkInId = checkInOf(userId).id) =>
  answerCheckIn(h.deps, { guildId: IDS.GUILD, userId, checkInId, answer: a });

describe('check-ins: when they are sent', () => {
  it('asks each party followup_days after the opening, once, by DM, with the same words and buttons', async () => {
    await h.open();
    await after(3 * DAY - 60_000);
    expect(h.checkIns.calls).toEqual([]);
    await after(60_000);
    expect(h.checkIns.sent.map((c) => [c.userId, c.via])).toEqual([
      [IDS.ALEX, 'dm'],
      [IDS.SAM, 'dm'],
    ]);
    const [a, b] = h.checkIns.sent;
    expect(a!.message.content).toBe(b!.message.content);
    expect(a!.message.labels).toEqual({ better: 'Better now', still: 'Still happening', real_life: 'It has reached my real life' });
    expect(a!.message.content).not.toContain(IDS.ALEX);
    expect(a!.message.content).not.toContain(IDS.SAM);
    expect(h.cases.eventsOfType('checkin_sent')).toHaveLength(2);
    await after(30 * DAY);
    expect(h.checkIns.calls).toHaveLength(2);
    expect(h.actions.pending()).toEqual([]);
  });

  it('schedules nothing with followup_days 0', async () => {
    await h.configure(IDS.GUILD, { followupDays: 0 });
    await h.open();
    await after(100 * DAY);
    expect(h.actions.all.filter((a) => a.kind === 'checkin.send')).toEqual([]);
  });

  it('a further /safechat to a party moves their check-in to followup_days after it (one pending per party)', async () => {
    const opened = await h.open();
    await after(1 * DAY);
    const advice = await sendSafeChat(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, user: { id: IDS.ALEX, isBot: false }, topic: 'fitting', caseNumber: opened.case.number, force: false });
    expect(advice.ok).toBe(true);
    await after(2 * DAY);
    expect(h.checkIns.sent.map((c) => c.userId)).toEqual([IDS.SAM]);
    await after(1 * DAY);
    expect(h.checkIns.sent.map((c) => c.userId)).toEqual([IDS.SAM, IDS.ALEX]);
    expect(h.cases.checkIns.map((c) => [c.userId, c.trigger])).toEqual([
      [IDS.SAM, 'opened'],
      [IDS.ALEX, 'safechat'],
    ]);
  });

  it('DMs closed: the interview thread; no thread either: recorded as not delivered', async () => {
    await h.open();
    h.dms.closeDmsOf(IDS.ALEX).closeDmsOf(IDS.SAM);
    const sam = (await h.cases.forGuild(IDS.GUILD).find(1))!.parties.find((p) => p.userId === IDS.SAM)!;
    h.threads.failPostTo(sam.threadId!, 'unknown-channel');
    await after(3 * DAY);
    expect(h.checkIns.sent.map((c) => [c.userId, c.via])).toEqual([[IDS.ALEX, 'interview_thread']]);
    expect(checkInOf(IDS.ALEX)).toMatchObject({ status: 'sent', channel: 'interview_thread', failureReason: 'dm: cannot-dm' });
    expect(checkInOf(IDS.SAM)).toMatchObject({ status: 'not_delivered', channel: null });
    expect(h.cases.eventsOfType('checkin_not_delivered').map((e) => e.data.partyId)).toEqual([sam.id]);
  });

  it('a member who left is not messaged; a closed case\'s parties get nothing', async () => {
    await h.open();
    h.checkIns.leave(IDS.SAM);
    await after(3 * DAY);
    expect(h.checkIns.calls.map((c) => c.userId)).toEqual([IDS.ALEX]);
    expect(h.cases.eventsOfType('checkin_skipped').map((e) => [e.data.userId, e.data.reason, e.data.trigger])).toEqual([[IDS.SAM, 'left', 'opened']]);

    await h.open({ complainant: { id: IDS.ROBIN, isBot: false } });
    await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 2, outcome: 'no_action', reason: 'Resolved', oneSidedReason: 'Not needed' });
    await after(3 * DAY);
    expect(h.checkIns.calls.map((c) => c.userId)).toEqual([IDS.ALEX]);
    expect(h.cases.eventsOfType('checkin_skipped').filter((e) => e.data.reason === 'case-closed')).toHaveLength(2);
  });

  it('a retry after Discord did not answer sends once', async () => {
    const opened = await h.open();
    h.dms.failNextSend('unavailable');
    h.threads.failPostTo(opened.case.parties[0]!.threadId ?? (await h.cases.forGuild(IDS.GUILD).find(1))!.parties[0]!.threadId!, 'unavailable');
    await after(3 * DAY);
    expect(h.checkIns.sent.map((c) => c.userId)).toEqual([IDS.SAM]);
    h.threads.clearFailures();
    await after(10 * 60_000);
    // The DM refused is remembered: the retry posts in the thread, once.
    expect(h.checkIns.sent.map((c) => [c.userId, c.via])).toEqual([
      [IDS.SAM, 'dm'],
      [IDS.ALEX, 'interview_thread'],
    ]);
    expect(h.cases.checkIns).toHaveLength(2);
    await after(DAY);
    expect(h.checkIns.sent).toHaveLength(2);
  });
});

describe('check-ins: the answers', () => {
  beforeEach(async () => {
    await h.open();
    await after(3 * DAY);
  });

  it('"Better now" is recorded on the case and tells nobody', async () => {
    const r = await answer(IDS.ALEX, 'better');
    expect(r).toMatchObject({ ok: true, value: { answer: 'better', advice: null, staffAlerted: false } });
    expect(checkInOf(IDS.ALEX)).toMatchObject({ answer: 'better', answeredAt: h.clock.now() });
    expect(h.cases.eventsOfType('checkin_answered').map((e) => e.data.answer)).toEqual(['better']);
    expect(h.recordDiscord.texts).toEqual([]);
  });

  it('"Still happening" tells staff in the case log (pinging nobody) and offers the self-help advice, not the police', async () => {
    const r = await answer(IDS.SAM, 'still');
    expect(r).toMatchObject({ ok: true, value: { answer: 'still', staffAlerted: true } });
    expect(h.recordDiscord.texts).toEqual([{ channelId: IDS.CASE_LOG_CHANNEL, content: `Check-in on case #1: <@${IDS.SAM}> answered **still happening**.` }]);
    const advice = await checkInAdvice(h.deps, { guildId: IDS.GUILD, userId: IDS.SAM, checkInId: checkInOf(IDS.SAM).id, realLife: false });
    if (!advice.ok) throw new Error(advice.reason);
    const t = translator('en-US');
    expect(advice.value.advice).toContain(t('safechat.self_help'));
    expect(advice.value.advice).not.toContain(t('safechat.real_life'));
  });

  it('"It has reached my real life": the authorities advice, the flag, an urgent escalation pinging the admins', async () => {
    const r = await answer(IDS.ALEX, 'real_life');
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.advice).toContain(translator('en-US')('safechat.real_life'));
    const theCase = (await h.cases.forGuild(IDS.GUILD).find(1))!;
    expect(theCase).toMatchObject({ realLife: true, status: 'escalated' });
    expect(h.cases.escalations).toEqual([expect.objectContaining({ escalatedById: IDS.ALEX, urgency: 'urgent', reason: 'A party answered a check-in: it has reached their real life.' })]);
    expect(h.notifier.notices).toHaveLength(1);
    expect(h.notifier.notices[0]).toMatchObject({ adminRoleId: IDS.ADMIN_ROLE, notice: { realLife: true, urgency: 'urgent', caseNumber: 1 } });
    expect(h.cases.eventsOfType('real_life_flag_raised')).toHaveLength(1);
    expect(h.recordDiscord.texts.map((x) => x.content)).toEqual([expect.stringContaining('**it has reached my real life**')]);
    // The reminder is scheduled as for /case escalate.
    expect(h.actions.pending().map((a) => a.kind)).toEqual(['escalation.remind']);
  });

  it('works once: a replay changes nothing', async () => {
    expect((await answer(IDS.ALEX, 'still')).ok).toBe(true);
    const before = h.snapshot();
    expect(await answer(IDS.ALEX, 'real_life')).toEqual({ ok: false, reason: 'check-in-answered' });
    expect(h.snapshot()).toEqual(before);
    expect(checkInOf(IDS.ALEX).answer).toBe('still');
  });

  it('only for the member it was sent to: another member (the other party too) is refused, nothing changes', async () => {
    const before = h.snapshot();
    const alexs = checkInOf(IDS.ALEX).id;
    expect(await answer(IDS.SAM, 'better', alexs)).toEqual({ ok: false, reason: 'check-in-not-yours' });
    expect(await answer(IDS.MOD, 'real_life', alexs)).toEqual({ ok: false, reason: 'check-in-not-yours' });
    expect(await checkInAdvice(h.deps, { guildId: IDS.GUILD, userId: IDS.SAM, checkInId: alexs, realLife: false })).toEqual({ ok: false, reason: 'check-in-not-yours' });
    expect(h.snapshot()).toEqual(before);
    expect(checkInOf(IDS.ALEX).answer).toBeNull();
  });

  it('a forged id, or one of another server, is not found', async () => {
    await h.configure('900000000000000009');
    const before = h.snapshot();
    expect(await answer(IDS.ALEX, 'better', '00000000-0000-4000-8000-000000000000')).toEqual({ ok: false, reason: 'check-in-not-found' });
    expect(await answerCheckIn(h.deps, { guildId: '900000000000000009', userId: IDS.ALEX, checkInId: checkInOf(IDS.ALEX).id, answer: 'better' })).toEqual({ ok: false, reason: 'check-in-not-found' });
    expect(h.snapshot()).toEqual(before);
  });

  it('a closed case takes no answer', async () => {
    await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, outcome: 'advised_self_help', reason: 'Both advised', oneSidedReason: 'Not needed' });
    const before = h.snapshot();
    expect(await answer(IDS.ALEX, 'real_life')).toEqual({ ok: false, reason: 'case-closed' });
    expect(h.snapshot()).toEqual(before);
    expect(h.cases.escalations).toEqual([]);
  });
});

describe('/case followup', () => {
  it('sends a check-in now to one party or to all, staff only, not by a party, not on a closed case', async () => {
    await h.open();
    const one = await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, userId: IDS.SAM });
    expect(one).toEqual({ ok: true, value: { caseNumber: 1, sent: [{ userId: IDS.SAM, status: 'sent', channel: 'dm' }] } });
    expect(h.cases.checkIns.map((c) => [c.userId, c.trigger])).toEqual([[IDS.SAM, 'manual']]);
    const all = await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, userId: null });
    expect(all.ok && all.value.sent.map((s) => s.userId)).toEqual([IDS.ALEX, IDS.SAM]);

    const before = h.snapshot();
    expect(await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.member, caseNumber: 1, userId: null })).toEqual({ ok: false, reason: 'not-staff' });
    expect(await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, userId: IDS.ROBIN })).toEqual({ ok: false, reason: 'party-not-in-case' });
    expect(await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 9, userId: null })).toEqual({ ok: false, reason: 'case-not-found' });
    expect(h.snapshot()).toEqual(before);

    await h.open({ complainant: { id: IDS.MOD2, isBot: false } });
    expect(await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod2, caseNumber: 2, userId: null })).toEqual({ ok: false, reason: 'actor-is-party' });
    await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, outcome: 'no_action', reason: 'Done', oneSidedReason: 'Not needed' });
    expect(await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, userId: null })).toEqual({ ok: false, reason: 'case-closed' });
  });

  it('the manual check-in replaces the pending scheduled one, which then sends nothing', async () => {
    await h.open();
    await sendCheckInNow(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, userId: IDS.ALEX });
    await after(3 * DAY);
    expect(h.checkIns.sent.map((c) => c.userId)).toEqual([IDS.ALEX, IDS.SAM]);
  });
});

describe('check-ins in every language', () => {
  it.each(LANGUAGES)('%s: both parties read the same words and buttons, in the server\'s language', async (language) => {
    await h.configure(IDS.GUILD, { language });
    await h.open();
    await after(3 * DAY);
    const [a, b] = h.checkIns.sent;
    const t = translator(language);
    expect({ ...a!.message, checkInId: 'x' }).toEqual({ ...b!.message, checkInId: 'x' });
    expect(a!.message.content).toBe(t('checkIn.message', { community: 'Example Town', number: 1 }));
    expect(a!.message.labels).toEqual({ better: t('checkIn.answer.better'), still: t('checkIn.answer.still'), real_life: t('checkIn.answer.real_life') });
  });
});
