import { assertGuildId } from './guild-scope.js';
import type {
  GuildSettings,
  GuildSettingsStore,
  SettingsRepository,
  SettingsValues,
} from '../ports.js';
import { eventRow, settingsValues } from './mappers.js';
import type { PrismaClient } from './prisma-client.js';

const select = {
  guildId: true,
  staffRoleId: true,
  adminRoleId: true,
  escalationChannelId: true,
  interviewChannelId: true,
  caseLogChannelId: true,
  reportsChannelId: true,
  retentionDays: true,
  communityName: true,
  standardsUrl: true,
} as const;

export class PrismaSettingsRepository implements SettingsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  forGuild(guildId: string): GuildSettingsStore {
    assertGuildId(guildId);
    return {
      get: (): Promise<GuildSettings | null> => {
        return this.prisma.guildSettings.findUnique({ where: { guildId }, select });
      },
      save: async (input: SettingsValues, actorId: string): Promise<GuildSettings> => {
        const values = settingsValues(input);
        const [saved] = await this.prisma.$transaction([
          this.prisma.guildSettings.upsert({ where: { guildId }, create: { ...values, guildId }, update: values, select }),
          this.prisma.caseEvent.create({ data: eventRow(guildId, null, { type: 'settings_updated', actorId, data: { ...values } }) }),
        ]);
        return saved;
      },
    };
  }
}
