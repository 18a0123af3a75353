import { ChannelType, Routes, ThreadAutoArchiveDuration, type REST } from 'discord.js';
import type {
  APIMessage,
  APIThreadChannel,
  RESTPatchAPIChannelJSONBody,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIChannelThreadsJSONBody,
} from 'discord.js';
import type { DiscordOutcome, InterviewThreads } from '../ports.js';
import { attempt } from './discord-errors.js';
import { retrySafe } from './message-nonce.js';


/**
 * Private interview threads, through Discord's REST API: type 12 (private)
 * and invitable: false, so nobody but staff can add anyone to them.
 */
export class DiscordInterviewThreads implements InterviewThreads {
  constructor(private readonly rest: REST) {}

  async open(input: Parameters<InterviewThreads['open']>[0]): Promise<DiscordOutcome<{ threadId: string }>> {
    const created = await attempt(async () => {
      const body: RESTPostAPIChannelThreadsJSONBody = {
        name: input.name,
        type: ChannelType.PrivateThread,
        invitable: false,
        auto_archive_duration: ThreadAutoArchiveDuration.OneWeek,
      };
      return (await this.rest.post(Routes.threads(input.parentChannelId), { body })) as APIThreadChannel;
    });
    if (!created.ok) return created;
    const threadId = created.value.id;
    const filled = await attempt(async () => {
      for (const userId of input.memberIds) {
        await this.rest.put(Routes.threadMembers(threadId, userId));
      }
      const body: RESTPostAPIChannelMessageJSONBody = {
        content: input.intro,
        allowed_mentions: { parse: [], users: [input.addresseeId] },
        ...retrySafe(),
      };
      await this.rest.post(Routes.channelMessages(threadId), { body });
    });
    if (!filled.ok) {
      // A thread without its party is no use: remove it so a retry starts clean.
      await attempt(() => this.rest.delete(Routes.channel(threadId)));
      return filled;
    }
    return { ok: true, value: { threadId } };
  }

  post(threadId: string, content: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(async () => {
      const body: RESTPostAPIChannelMessageJSONBody = { content, allowed_mentions: { parse: [] }, ...retrySafe() };
      const message = (await this.rest.post(Routes.channelMessages(threadId), { body })) as APIMessage;
      return { messageId: message.id };
    });
  }

  async close(threadId: string, closingMessage: string): Promise<DiscordOutcome<void>> {
    const posted = await this.post(threadId, closingMessage);
    if (!posted.ok) return posted;
    return attempt(async () => {
      const body: RESTPatchAPIChannelJSONBody = { archived: true, locked: true };
      await this.rest.patch(Routes.channel(threadId), { body });
    });
  }
}
