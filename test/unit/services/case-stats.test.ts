import { beforeEach, describe, expect, it } from 'vitest';
import { statsEmbed } from '../../../commands/case/stats.js';
import { translator } from '../../../src/i18n/translate.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { caseStatsOf } from '../../../src/services/case-stats.js';
import { acknowledgeEscalation, escalate } from '../../../src/services/escalation.js';
import { addSide } from '../../../src/services/side-recording.js';
import { answerCheckIn } from '../../../src/services/check-ins.js';
import { createHarness, IDS, type Harness } from '../../support/fakes/service-harness.js';

const H = 60 * 60 * 1000;
const DAY = 24 * H;

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure();
});

async function side(caseNumber: number, userId: string): Promise<void> {
  const r = await addSide(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod2, caseNumber, user: { id: userId, isBot: false }, statement: 'What happened', role: null });
  if (!r.ok) throw new Error(r.reason);
}

/**
 * The seeded set, with known answers. Day 0: case #1 (stalking), both sides
 * heard after 2 h and 5 h, escalated at 6 h and acknowledged at 9 h, closed
 * at 24 h. Day 50: case #2 (harassment), one side after 1 h, still open.
 * Day 53: case #2's check-ins reach both parties (Robin: still happening,
 * Sam: better now); case #1's are not sent, it is closed. Day 85: case #3
 * (stalking), no side yet, closed at once (one-sided). "Now" is day 86: the
 * 90-day window holds all three, the 30-day one case #3 only.
 */
async function seed(): Promise<void> {
  await h.open({ category: 'stalking' });
  h.clock.advance(2 * H);
  await side(1, IDS.ALEX);
  h.clock.advance(3 * H);
  await side(1, IDS.SAM);
  h.clock.advance(1 * H);
  const e = await escalate(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, reason: 'Please look', urgency: 'normal' });
  if (!e.ok) throw new Error(e.reason);
  h.clock.advance(3 * H);
  await acknowledgeEscalation(h.deps, { guildId: IDS.GUILD, actor: h.actors.admin, escalationId: e.value.escalation.id });
  h.clock.advance(15 * H);
  await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, outcome: 'advised_self_help', reason: 'Both advised', oneSidedReason: null });
  h.clock.advance(50 * DAY - 24 * H);
  await h.open({ complainant: { id: IDS.ROBIN, isBot: false } });
  h.clock.advance(1 * H);
  await side(2, IDS.ROBIN);
  // Day 53: the check-ins come due. Case #1's are not sent (closed); case #2's reach both parties.
  h.clock.advance(3 * DAY - 1 * H);
  await h.runner.drain();
  for (const [userId, answer] of [[IDS.ROBIN, 'still'], [IDS.SAM, 'better']] as const) {
    const checkIn = h.cases.checkIns.find((c) => c.userId === userId);
    const answered = await answerCheckIn(h.deps, { guildId: IDS.GUILD, userId, checkInId: checkIn!.id, answer });
    if (!answered.ok) throw new Error(answered.reason);
  }
  h.clock.advance(32 * DAY);
  await h.open({ category: 'stalking', complainant: { id: IDS.MEMBER, isBot: false } });
  await closeCase(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 3, outcome: 'no_action', reason: 'Nothing to do', oneSidedReason: 'Nobody answered' });
  h.clock.advance(1 * DAY);
}

describe('/case stats', () => {
  it('gives the figures of the seeded set for the last 30 and 90 days', async () => {
    await seed();
    const result = await caseStatsOf(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod });
    if (!result.ok) throw new Error(result.reason);
    const [d30, d90] = result.value.windows;
    expect(d30).toMatchObject({ days: 30, stats: { opened: 1, closed: 1, byCategory: { stalking: 1 }, byOutcome: { no_action: 1 }, escalations: 0 } });
    expect(d30?.stats.toFirstSide).toEqual({ count: 0, median: null, p90: null });
    expect(d90).toMatchObject({
      days: 90,
      stats: {
        opened: 3,
        closed: 2,
        byCategory: { stalking: 2, harassment: 1 },
        byOutcome: { advised_self_help: 1, no_action: 1 },
        toFirstSide: { count: 2, median: 1 * H, p90: 2 * H },
        toBothSides: { count: 1, median: 5 * H, p90: 5 * H },
        toClose: { count: 2, median: 0, p90: 24 * H },
        escalations: 1,
        toAcknowledge: { count: 1, median: 3 * H, p90: 3 * H },
        checkIns: { sent: 2, answered: 2, answers: { better: 1, still: 1, real_life: 0 } },
      },
    });
    expect(d30?.stats.checkIns).toEqual({ sent: 0, answered: 0, answers: { better: 0, still: 0, real_life: 0 } });
    const embed = statsEmbed(translator('en-US'), result.value);
    expect(embed.fields?.[1]).toEqual({
      name: 'Last 90 days',
      value: [
        'Opened 3 · closed 2',
        'By category: Stalking 2, Harassment 1',
        'By outcome: Advised self-help 1, No action 1',
        'To the first side heard: median 1 h 0 min, p90 2 h 0 min, n = 2',
        'To both sides heard: median 5 h 0 min, p90 5 h 0 min, n = 1',
        'To close: median 0 min, p90 1 d 0 h, n = 2',
        '1 escalation, median time to acknowledgement 3 h 0 min',
        'Check-ins: 2 sent, 2 answered (better now 1 · still happening 1 · reached real life 0)',
      ].join('\n'),
    });
  });

  it('is for staff only', async () => {
    expect(await caseStatsOf(h.deps, { guildId: IDS.GUILD, actor: { id: IDS.ROBIN, roleIds: [] } })).toEqual({ ok: false, reason: 'not-staff' });
  });
});
