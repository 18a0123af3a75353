import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { APIGuildMember } from 'discord.js';
import type { DiscordOutcome, MemberRoles } from '../ports.js';
import { attempt } from './discord-errors.js';

/** A member's roles as Discord has them now, read with the bot's token: null when they are not a member (or the guild is unknown). */
export class DiscordMemberRoles implements MemberRoles {
  constructor(private readonly rest: REST) {}

  rolesOf(guildId: string, userId: string): Promise<DiscordOutcome<readonly string[] | null>> {
    return attempt(async () => {
      try {
        const member = (await this.rest.get(Routes.guildMember(guildId, userId))) as APIGuildMember;
        return member.roles;
      } catch (error) {
        if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMember || error.code === RESTJSONErrorCodes.UnknownGuild)) return null;
        throw error;
      }
    });
  }
}
