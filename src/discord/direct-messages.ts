import { Routes, type REST } from 'discord.js';
import type { APIDMChannel, RESTPostAPICurrentUserCreateDMChannelJSONBody } from 'discord.js';
import type { DirectMessages, DiscordOutcome } from '../ports.js';
import { attempt } from './discord-errors.js';
import { postInParts } from './post-in-parts.js';

/** DMs to chatters. Discord answers 50007 when the user does not accept them. */
export class DiscordDirectMessages implements DirectMessages {
  constructor(private readonly rest: REST) {}

  send(userId: string, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(async () => {
      const dmBody: RESTPostAPICurrentUserCreateDMChannelJSONBody = { recipient_id: userId };
      const channel = (await this.rest.post(Routes.userChannels(), { body: dmBody })) as APIDMChannel;
      return postInParts(this.rest, channel.id, content, nonce);
    });
  }
}
