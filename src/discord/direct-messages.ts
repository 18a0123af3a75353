import { Routes, type REST } from 'discord.js';
import type { APIDMChannel, APIMessage, RESTPostAPIChannelMessageJSONBody, RESTPostAPICurrentUserCreateDMChannelJSONBody } from 'discord.js';
import type { DirectMessages, DiscordOutcome } from '../ports.js';
import { attempt } from './discord-errors.js';
import { partNonce, retrySafe } from './message-nonce.js';
import { splitMessage } from '../messages/text-format.js';

/** DMs to chatters. Discord answers 50007 when the user does not accept them. */
export class DiscordDirectMessages implements DirectMessages {
  constructor(private readonly rest: REST) {}

  send(userId: string, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(async () => {
      const dmBody: RESTPostAPICurrentUserCreateDMChannelJSONBody = { recipient_id: userId };
      const channel = (await this.rest.post(Routes.userChannels(), { body: dmBody })) as APIDMChannel;
      // Longer than one message: several, in order; the first one's id stands for them.
      const ids: string[] = [];
      for (const [index, part] of splitMessage(content).entries()) {
        const body: RESTPostAPIChannelMessageJSONBody = { content: part, allowed_mentions: { parse: [] }, ...retrySafe(partNonce(nonce, index)) };
        ids.push(((await this.rest.post(Routes.channelMessages(channel.id), { body })) as APIMessage).id);
      }
      return { messageId: ids[0] ?? '' };
    });
  }
}
