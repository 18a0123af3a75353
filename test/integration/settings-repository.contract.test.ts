import { beforeAll, describe, expect, it } from 'vitest';
import { CachedSettingsRepository } from '../../src/persistence/cached-settings-repository.js';
import type { GuildSettings, SettingsRepository } from '../../src/ports.js';
import { typicalSettings } from '../support/fakes/service-harness.js';
import { describeContract, guildIds } from '../support/repository-subjects.js';

/**
 * One contract for SettingsRepository, run against the in-memory fake and
 * PrismaSettingsRepository on both databases, each bare and behind the
 * CachedSettingsRepository the bot wires in: what a read gives, replacing,
 * guild scoping, and the `settings_updated` event each save writes.
 */

const ADMIN = '200000000000000003';
const OTHER_ADMIN = '200000000000000009';

const fullSettings = (guildId: string): GuildSettings => ({
  ...typicalSettings(guildId),
  caseLogChannelId: '500000000000000003',
  reportsChannelId: '500000000000000004',
  retentionDays: 90,
});

/** What the event of a save carries: every value but the guild id. */
const eventData = ({ guildId: _g, ...values }: GuildSettings) => values;

const variants: { name: string; wrap(inner: SettingsRepository): SettingsRepository }[] = [
  { name: 'bare', wrap: (inner) => inner },
  { name: 'cached', wrap: (inner) => new CachedSettingsRepository(inner) },
];

describeContract('the settings repository contract', (subject) => {
  for (const variant of variants) {
    describe(variant.name, () => {
      const nextGuild = guildIds(`g-settings-${variant.name}`);
      let settings: SettingsRepository;
      beforeAll(() => {
        settings = variant.wrap(subject().settings);
      });

      it('gives null for a guild never set up, and writes nothing for reading', async () => {
        const guildId = nextGuild();
        expect(await settings.forGuild(guildId).get()).toBeNull();
        expect(await settings.forGuild(guildId).get()).toBeNull();
        expect(await subject().auditLog({ guildId })).toEqual([]);
      });

      it('lists, across guilds, exactly those with a case-log channel and a stale-case digest on', async () => {
        const [on, off, noChannel] = [nextGuild(), nextGuild(), nextGuild()];
        await settings.forGuild(on).save({ ...fullSettings(on), staleDays: 3 }, ADMIN);
        await settings.forGuild(off).save({ ...fullSettings(off), staleDays: 0 }, ADMIN);
        await settings.forGuild(noChannel).save({ ...fullSettings(noChannel), caseLogChannelId: null }, ADMIN);
        const mine = (await settings.withStaleDigest()).filter((g) => [on, off, noChannel].includes(g.guildId));
        expect(mine).toEqual([{ ...fullSettings(on), staleDays: 3 }]);
      });

      it('gives back exactly what it saved, and so does a read (one that saw no settings before, too)', async () => {
        const guildId = nextGuild();
        expect(await settings.forGuild(guildId).get()).toBeNull();
        const saved = await settings.forGuild(guildId).save(fullSettings(guildId), ADMIN);
        expect(saved).toEqual(fullSettings(guildId));
        expect(await settings.forGuild(guildId).get()).toEqual(fullSettings(guildId));
      });

      it('replaces the settings on a second save, optional values back to null', async () => {
        const guildId = nextGuild();
        await settings.forGuild(guildId).save(fullSettings(guildId), ADMIN);
        const replaced = { ...typicalSettings(guildId), communityName: 'Renamed Town', staffRoleId: '400000000000000009' };
        expect(await settings.forGuild(guildId).save(replaced, OTHER_ADMIN)).toEqual(replaced);
        expect(await settings.forGuild(guildId).get()).toEqual(replaced);
      });

      it('writes one settings_updated event per save, of no case, by who saved, with every value but the guild id', async () => {
        const guildId = nextGuild();
        const first = fullSettings(guildId);
        const second = { ...typicalSettings(guildId), retentionDays: 30 };
        await settings.forGuild(guildId).save(first, ADMIN);
        await settings.forGuild(guildId).save(second, OTHER_ADMIN);
        expect(await subject().auditLog({ guildId })).toEqual([
          { guildId, caseId: null, actorId: ADMIN, type: 'settings_updated', data: eventData(first) },
          { guildId, caseId: null, actorId: OTHER_ADMIN, type: 'settings_updated', data: eventData(second) },
        ]);
      });

      it('saves for the guild it was taken for, even when handed the settings of another', async () => {
        const mine = nextGuild();
        const theirs = nextGuild();
        const saved = await settings.forGuild(mine).save({ ...typicalSettings(theirs), communityName: 'Mine' }, ADMIN);
        expect(saved.guildId).toBe(mine);
        expect((await settings.forGuild(mine).get())?.communityName).toBe('Mine');
        expect(await settings.forGuild(theirs).get()).toBeNull();
      });

      it('refuses a guild id that is not a Discord id, before any query', () => {
        expect(() => settings.forGuild('')).toThrow(/not a Discord guild id/);
        expect(() => settings.forGuild('g-1')).toThrow(/not a Discord guild id/);
      });

      it("keeps each guild's settings and events apart", async () => {
        const one = nextGuild();
        const two = nextGuild();
        const unset = nextGuild();
        await settings.forGuild(one).save(fullSettings(one), ADMIN);
        await settings.forGuild(two).save({ ...typicalSettings(two), communityName: 'Second Town' }, OTHER_ADMIN);
        expect(await settings.forGuild(one).get()).toEqual(fullSettings(one));
        expect((await settings.forGuild(two).get())?.communityName).toBe('Second Town');
        expect(await settings.forGuild(unset).get()).toBeNull();
        expect((await subject().auditLog({ guildId: one })).map((e) => e.actorId)).toEqual([ADMIN]);
        expect((await subject().auditLog({ guildId: two })).map((e) => e.actorId)).toEqual([OTHER_ADMIN]);
      });
    });
  }
});
