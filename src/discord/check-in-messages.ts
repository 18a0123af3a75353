import { ButtonStyle, ComponentType, DiscordAPIError, RESTJSONErrorCodes, Routes, userMention, type REST } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponent, APIDMChannel, APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { CHECK_IN_ANSWERS, type CheckInAnswer } from '../domain/types.js';
import type { CheckInMessage, CheckInMessages, DiscordOutcome } from '../ports.js';
import { customIds } from './custom-ids.js';
import { attempt } from './discord-errors.js';
import { retrySafe } from './message-nonce.js';

const STYLES: Readonly<Record<CheckInAnswer, ButtonStyle.Success | ButtonStyle.Secondary | ButtonStyle.Danger>> = { better: ButtonStyle.Success, still: ButtonStyle.Secondary, real_life: ButtonStyle.Danger };

/** The three answer buttons of a check-in, in the same order for everyone. */
export function checkInButtons(message: CheckInMessage): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: CHECK_IN_ANSWERS.map((answer) => ({
      type: ComponentType.Button,
      style: STYLES[answer],
      label: message.labels[answer],
      custom_id: customIds.checkInAnswer.build(message.guildId, message.checkInId, answer),
    })),
  };
}

/** Check-ins by DM or in the party's interview thread, with their buttons. */
export class DiscordCheckInMessages implements CheckInMessages {
  constructor(private readonly rest: REST) {}

  isMember(guildId: string, userId: string): Promise<DiscordOutcome<boolean>> {
    return attempt(async () => {
      try {
        await this.rest.get(Routes.guildMember(guildId, userId));
        return true;
      } catch (error) {
        // Discord's "unknown member": they left (or were removed). Anything else is a failure as usual.
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return false;
        throw error;
      }
    });
  }

  dm(userId: string, message: CheckInMessage, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(async () => {
      const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIDMChannel;
      return this.post(channel.id, message.content, [], message, nonce);
    });
  }

  inThread(threadId: string, userId: string, message: CheckInMessage, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(() => this.post(threadId, `${userMention(userId)} ${message.content}`, [userId], message, nonce));
  }

  private async post(channelId: string, content: string, users: readonly string[], message: CheckInMessage, nonce?: string): Promise<{ messageId: string }> {
    const body: RESTPostAPIChannelMessageJSONBody = {
      content,
      components: [checkInButtons(message)],
      allowed_mentions: { parse: [], users: [...users] },
      ...retrySafe(nonce),
    };
    return { messageId: ((await this.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage).id };
  }
}
