import type { GuildSettings, SettingsRepository } from '../ports.js';
import { eventRow } from './mappers.js';
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

  get(guildId: string): Promise<GuildSettings | null> {
    return this.prisma.guildSettings.findUnique({ where: { guildId }, select });
  }

  async save(settings: GuildSettings, actorId: string): Promise<GuildSettings> {
    const { guildId, ...values } = settings;
    const [saved] = await this.prisma.$transaction([
      this.prisma.guildSettings.upsert({ where: { guildId }, create: settings, update: values, select }),
      this.prisma.caseEvent.create({ data: eventRow(guildId, null, { type: 'settings_updated', actorId, data: { ...values } }) }),
    ]);
    return saved;
  }
}
