import { ChannelType, Routes, ThreadAutoArchiveDuration, type REST } from 'discord.js';
import type {
  APIMessage,
  RESTGetAPIGuildThreadsResult,
  APIThreadChannel,
  RESTPatchAPIChannelJSONBody,
  RESTPostAPIChannelMessageJSONBody,
  RESTPostAPIChannelThreadsJSONBody,
} from 'discord.js';
import type { DiscordOutcome, InterviewThreads } from '../ports.js';
import { attempt } from './discord-errors.js';
import { retrySafe } from './message-nonce.js';
import { postInParts } from './post-in-parts.js';


/**
 * Private interview threads, through Discord's REST API: type 12 (private)
 * and invitable: false, so nobody but staff can add anyone to them.
 */
export class DiscordInterviewThreads implements InterviewThreads {
  constructor(private readonly rest: REST) {}

  async open(input: Parameters<InterviewThreads['open']>[0]): Promise<DiscordOutcome<{ threadId: string }>> {
    if (input.reuseExisting) {
      const found = await this.findOpenThread(input.guildId, input.parentChannelId, input.name);
      if (!found.ok) return found;
      if (found.value !== null) return this.takeUp(found.value, input);
    }
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
        ...retrySafe(input.nonce),
      };
      await this.rest.post(Routes.channelMessages(threadId), { body });
    });
    if (!filled.ok) {
      // A thread without its party is no use: remove it so a retry starts clean.
      await this.remove(threadId);
      return filled;
    }
    return { ok: true, value: { threadId } };
  }

  /** The active thread of that name under the parent, if Discord has one. */
  private findOpenThread(guildId: string, parentChannelId: string, name: string): Promise<DiscordOutcome<string | null>> {
    return attempt(async () => {
      const { threads } = (await this.rest.get(Routes.guildActiveThreads(guildId))) as RESTGetAPIGuildThreadsResult;
      return threads.find((t) => 'parent_id' in t && t.parent_id === parentChannelId && t.name === name)?.id ?? null;
    });
  }

  /**
   * A thread opened earlier but never recorded (the bot stopped, or the
   * database did not answer): its members are made right again, and it gets
   * the introduction if it has no message yet. No second thread.
   */
  private async takeUp(threadId: string, input: Parameters<InterviewThreads['open']>[0]): Promise<DiscordOutcome<{ threadId: string }>> {
    const done = await attempt(async () => {
      for (const userId of input.memberIds) await this.rest.put(Routes.threadMembers(threadId, userId));
      const last = (await this.rest.get(Routes.channelMessages(threadId), { query: new URLSearchParams({ limit: '1' }) })) as APIMessage[];
      if (last.length === 0) {
        const body: RESTPostAPIChannelMessageJSONBody = { content: input.intro, allowed_mentions: { parse: [], users: [input.addresseeId] }, ...retrySafe(input.nonce) };
        await this.rest.post(Routes.channelMessages(threadId), { body });
      }
      return { threadId };
    });
    return done;
  }

  async remove(threadId: string): Promise<DiscordOutcome<void>> {
    const done = await attempt(() => this.rest.delete(Routes.channel(threadId)));
    return done.ok ? { ok: true, value: undefined } : done;
  }

  post(threadId: string, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(async () => {
      return postInParts(this.rest, threadId, content, nonce);
    });
  }

  async close(threadId: string, closingMessage: string, nonce?: string): Promise<DiscordOutcome<void>> {
    const posted = await this.post(threadId, closingMessage, nonce);
    if (!posted.ok) return posted;
    return attempt(async () => {
      const body: RESTPatchAPIChannelJSONBody = { archived: true, locked: true };
      await this.rest.patch(Routes.channel(threadId), { body });
    });
  }
}
