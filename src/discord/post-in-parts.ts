import { Routes, type REST } from 'discord.js';
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { splitMessage } from '../messages/text-format.js';
import { partNonce, retrySafe } from './message-nonce.js';

/**
 * Posts a text in a channel, pinging nobody; longer than one message, in
 * several, in order, each with its own nonce (so each is safe to retry).
 * The first message's id stands for them all.
 */
export async function postInParts(rest: REST, channelId: string, content: string, nonce?: string): Promise<{ messageId: string }> {
  const ids: string[] = [];
  for (const [index, part] of splitMessage(content).entries()) {
    const body: RESTPostAPIChannelMessageJSONBody = { content: part, allowed_mentions: { parse: [] }, ...retrySafe(partNonce(nonce, index)) };
    ids.push(((await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage).id);
  }
  return { messageId: ids[0] ?? '' };
}
