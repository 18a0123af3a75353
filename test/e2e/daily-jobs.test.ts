import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRealPostgres } from '../support/test-databases.js';
import { openProcessWorld, untilAsync, type ProcessWorld } from './support/bot-process.js';
import { configureCommunity } from './support/community.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The daily jobs (retention sweep, stale-case digest) with two shard
 * processes that both look for them every second: each job runs once a day
 * across both, and a restart does not run it again the same day.
 */
describe.runIf(hasRealPostgres())('daily jobs with two processes', () => {
  let w: ProcessWorld;
  const takenUp = (output: string, job: string) => output.split('\n').filter((l) => l.includes('"daily job taken up here"') && l.includes(`"job":"${job}"`)).length;

  beforeAll(async () => {
    w = await openProcessWorld('sweep-town', { fake: { sharding: { shards: 2, maxConcurrency: 2 } } });
  }, 60_000);
  afterAll(async () => {
    await w?.close('SIGTERM');
  });

  it('runs the retention sweep and the digest once across two shard processes, and not again after a restart', async () => {
    const { fake, community: c, db } = w;
    // A first run sets the server up and closes a case; its daily jobs would look only after a minute.
    const setup = await w.start({ SHARDING: 'off' });
    await configureCommunity(fake, c, { case_log_channel: c.channels.staffRoom.id, retention_days: 30, stale_days: 7 });
    const { mod, alex, sam } = c.people;
    const run = (subcommand: string, options: Record<string, string | number>) =>
      fake.slash(mod.id, c.guild.id, 'case', { subcommand, channelId: c.channels.staffRoom.id, options }).settled({ timeoutMs: 15_000 });
    expect((await run('open', { complainant: alex.id, accused: sam.id, category: 'other', summary: 'Old case.' })).reply?.content).toContain('Case #1 opened');
    expect((await run('close', { case: 1, outcome: 'no_action', reason: 'Nothing more.', one_sided_reason: 'Old.' })).reply?.content).toContain('Case #1');
    await setup.kill('SIGTERM');
    await db.case.updateMany({ where: { guildId: c.guild.id }, data: { closedAt: new Date(Date.now() - 40 * DAY) } });
    expect(await db.dailyJobRun.count()).toBe(0);

    // Two shards, each looking every second.
    const bot = await w.start({ DAILY_JOBS_CHECK_SECONDS: '1' });
    await untilAsync(async () => (await db.dailyJobRun.count({ where: { finishedAt: { not: null } } })) === 2, 60_000);
    // Several more looks by both processes.
    await new Promise((r) => setTimeout(r, 3_000));
    const runs = await db.dailyJobRun.findMany({ orderBy: { job: 'asc' } });
    expect(runs.map((r) => r.job)).toEqual(['retention-sweep', 'stale-digest']);
    expect(JSON.parse(runs[0]!.outcome!)).toMatchObject({ deleted: 1 });
    expect(await db.retentionLog.count({ where: { guildId: c.guild.id } })).toBe(1);
    expect(await db.case.count({ where: { guildId: c.guild.id } })).toBe(0);
    expect(takenUp(bot.output(), 'retention-sweep')).toBe(1);
    expect(takenUp(bot.output(), 'stale-digest')).toBe(1);
    console.info(`daily jobs taken up by: ${runs.map((r) => `${r.job} → ${r.holder}`).join(', ')}`);

    // A restart the same day looks again and leaves them.
    await bot.kill('SIGTERM');
    const again = await w.start({ DAILY_JOBS_CHECK_SECONDS: '1' });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(takenUp(again.output(), 'retention-sweep')).toBe(0);
    expect(takenUp(again.output(), 'stale-digest')).toBe(0);
    expect(await db.dailyJobRun.count()).toBe(2);
    expect(again.output()).not.toContain('could not look at the daily job');
  }, 240_000);
});
