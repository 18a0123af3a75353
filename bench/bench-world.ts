/**
 * The server the benchmark plays in: the e2e suite's community (roles,
 * interview and escalation channels) plus one moderator per lane and a pool
 * of members who become parties.
 */
import { FakeDiscord } from '../test/e2e/fake-discord/index.js';
import { seedCommunity, type Community } from '../test/e2e/support/community.js';

export type BenchWorld = {
  readonly fake: FakeDiscord;
  readonly community: Community;
  readonly moderators: readonly string[];
  readonly members: readonly string[];
};

export async function startBenchWorld(opts: { moderators: number; members: number }): Promise<BenchWorld> {
  // No ack deadline: a late ack is measured, not refused.
  const fake = await FakeDiscord.start({ ackDeadlineMs: 0 });
  const community = seedCommunity(fake, 'bench-town');
  const add = (prefix: string, count: number, roles: string[]) =>
    Array.from({ length: count }, (_, i) => {
      const user = fake.addUser({ username: `${prefix}-${i}` });
      fake.addMember(community.guild.id, user.id, roles);
      return user.id;
    });
  return {
    fake,
    community,
    moderators: add('moderator', opts.moderators, [community.roles.staff.id]),
    members: add('member', opts.members, []),
  };
}
