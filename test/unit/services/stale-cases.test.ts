import { beforeEach, describe, expect, it } from 'vitest';
import { addSide } from '../../../src/services/side-recording.js';
import { digestId, postStaleDigests } from '../../../src/services/stale-cases.js';
import { createHarness, IDS, type Harness } from '../../support/fakes/service-harness.js';

const DAY = 24 * 60 * 60 * 1000;

let h: Harness;
beforeEach(async () => {
  h = createHarness();
  await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL });
});

describe('the daily digest of stale cases', () => {
  it('lists the open cases idle for stale_days or more, the longest idle first, in the case-log channel; nothing else is posted', async () => {
    await h.open({ category: 'stalking' });
    h.clock.advance(2 * DAY);
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false } });
    h.clock.advance(3 * DAY);
    await h.open({ complainant: { id: IDS.ROBIN, isBot: false }, category: 'other' });
    h.clock.advance(4 * DAY);

    expect(await postStaleDigests(h.deps)).toEqual({ guilds: 1, posted: 1 });
    expect(h.recordDiscord.texts).toEqual([
      {
        channelId: IDS.CASE_LOG_CHANNEL,
        content: [
          '**2 open cases have had no activity for 7 days or more**, the longest idle first:',
          `- #1 · Stalking · idle 9 days · sides heard: 0 of 2 · opened by <@${IDS.MOD}>`,
          `- #2 · Harassment · idle 7 days · sides heard: 0 of 2 · opened by <@${IDS.MOD}>`,
        ].join('\n'),
      },
    ]);
  });

  it('counts a statement as activity, and skips a closed case', async () => {
    await h.open();
    h.clock.advance(6 * DAY);
    const side = await addSide(h.deps, { guildId: IDS.GUILD, actor: h.actors.mod, caseNumber: 1, user: { id: IDS.ALEX, isBot: false }, statement: 'What happened', role: null });
    expect(side.ok).toBe(true);
    h.clock.advance(6 * DAY);
    expect(await postStaleDigests(h.deps)).toEqual({ guilds: 1, posted: 0 });
    expect(h.recordDiscord.texts).toEqual([]);
  });

  it('posts once a day however often it runs (the same id for the guild and the day), and again the next day', async () => {
    await h.open();
    h.clock.advance(8 * DAY);
    await postStaleDigests(h.deps);
    await postStaleDigests(h.deps);
    expect(h.recordDiscord.texts).toHaveLength(1);
    expect(digestId(IDS.GUILD, '2026-01-01')).toBe(digestId(IDS.GUILD, '2026-01-01'));
    expect(digestId(IDS.GUILD, '2026-01-01')).not.toBe(digestId(IDS.GUILD, '2026-01-02'));
    h.clock.advance(DAY);
    await postStaleDigests(h.deps);
    expect(h.recordDiscord.texts).toHaveLength(2);
  });

  it('is off with stale_days 0 or without a case-log channel, and in the server\'s language otherwise', async () => {
    await h.open();
    h.clock.advance(30 * DAY);
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL, staleDays: 0 });
    expect(await postStaleDigests(h.deps)).toEqual({ guilds: 0, posted: 0 });
    await h.configure(IDS.GUILD, { caseLogChannelId: null });
    expect(await postStaleDigests(h.deps)).toEqual({ guilds: 0, posted: 0 });
    await h.configure(IDS.GUILD, { caseLogChannelId: IDS.CASE_LOG_CHANNEL, staleDays: 1, language: 'de' });
    await postStaleDigests(h.deps);
    expect(h.recordDiscord.texts[0]?.content.split('\n')[0]).toBe('**1 offener Fall ohne Aktivität seit 1 Tag oder länger**, der am längsten ruhende zuerst:');
  });
});
