import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customIds } from '../../src/discord/custom-ids.js';
import { hasRealPostgres } from '../support/test-databases.js';
import { openProcessWorld, untilAsync, type ProcessWorld } from './support/bot-process.js';
import { buttonIds } from './support/buttons.js';
import { configureCommunity } from './support/community.js';

const CASES = 6;

/**
 * Two bot processes, as `npm start` runs them, against one PostgreSQL
 * database: the check-ins of six cases come due one after another, and each
 * is sent once, whichever process takes it (the durable mechanism's claims and
 * leases, across processes).
 */
describe.runIf(hasRealPostgres())('two bot processes against one database', () => {
  let w: ProcessWorld;

  beforeAll(async () => {
    w = await openProcessWorld('twin-town');
  }, 60_000);
  afterAll(async () => {
    await w?.close('SIGTERM');
  });

  it('sends each check-in that comes due once, however the two processes share them', async () => {
    const { fake, community: c, db } = w;
    await w.start();
    await configureCommunity(fake, c);
    const { mod, alex, sam } = c.people;
    for (let i = 0; i < CASES; i++) {
      const opened = await fake
        .slash(mod.id, c.guild.id, 'case', { subcommand: 'open', channelId: c.channels.staffRoom.id, options: { complainant: alex.id, accused: sam.id, category: 'other', summary: `case ${i + 1}` } })
        .settled({ timeoutMs: 15_000 });
      expect(opened.reply?.content).toContain(`Case #${i + 1} opened`);
    }
    // The second process: the gateway session goes to it; both run the owed-work runner on the same database.
    await w.start();

    // Due one after another (each process polls every 5 s, at its own moment), so that both take some, as they come.
    const owed = await db.owedAction.findMany({ where: { kind: 'checkin.send', status: 'pending' }, select: { id: true }, orderBy: { createdAt: 'asc' } });
    for (const { id } of owed) {
      await db.$executeRaw`UPDATE "OwedAction" SET "runAt" = now() WHERE "id" = ${id}`;
      await new Promise((r) => setTimeout(r, 400));
    }
    await untilAsync(async () => (await db.owedAction.count({ where: { kind: 'checkin.send', status: 'pending' } })) === 0, 30_000);

    const checkInDms = (userId: string) => fake.dmsOf(userId).filter((m) => buttonIds(m).some((id) => customIds.checkInAnswer.parse(id) !== null));
    for (const userId of [alex.id, sam.id]) {
      const dms = checkInDms(userId);
      expect(dms).toHaveLength(CASES);
      expect(new Set(dms.map((m) => /case #(\d+)/.exec(m.content)?.[1])).size).toBe(CASES);
    }
    expect(await db.checkIn.count()).toBe(2 * CASES);
    expect(await db.caseEvent.count({ where: { type: 'checkin_sent' } })).toBe(2 * CASES);
    const byHolder = await db.owedAction.groupBy({ by: ['leasedBy'], where: { kind: 'checkin.send' }, _count: true });
    console.info(`check-ins sent per process run: ${byHolder.map((h) => h._count).join(' + ')}`);
    expect(byHolder.reduce((n, h) => n + h._count, 0)).toBe(2 * CASES);
  }, 120_000);
});
