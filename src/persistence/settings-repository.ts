import { assertGuildId } from './guild-scope.js';
import { DEFAULT_LANGUAGE, languageOf, type Language } from '../i18n/languages.js';
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
  language: true,
  escalationReminderHours: true,
  staleDays: true,
  followupDays: true,
} as const;

/** A row's language as one of ours (a language since removed reads as the default). */
const withLanguage = <R extends { language: string }>(row: R): Omit<R, 'language'> & { language: Language } => ({ ...row, language: languageOf(row.language) ?? DEFAULT_LANGUAGE });

export class PrismaSettingsRepository implements SettingsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  forGuild(guildId: string): GuildSettingsStore {
    assertGuildId(guildId);
    return {
      get: async (): Promise<GuildSettings | null> => {
        const row = await this.prisma.guildSettings.findUnique({ where: { guildId }, select });
        return row === null ? null : withLanguage(row);
      },
      save: async (input: SettingsValues, actorId: string): Promise<GuildSettings> => {
        const values = settingsValues(input);
        const [saved] = await this.prisma.$transaction([
          this.prisma.guildSettings.upsert({ where: { guildId }, create: { ...values, guildId }, update: values, select }),
          this.prisma.caseEvent.create({ data: eventRow(guildId, null, { type: 'settings_updated', actorId, data: { ...values } }) }),
        ]);
        return withLanguage(saved);
      },
    };
  }

  async withStaleDigest(): Promise<readonly GuildSettings[]> {
    const rows = await this.prisma.guildSettings.findMany({ where: { staleDays: { gt: 0 }, caseLogChannelId: { not: null } }, select, orderBy: { guildId: 'asc' } });
    return rows.map(withLanguage);
  }
}
