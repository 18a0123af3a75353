import { Routes, type REST } from 'discord.js';
import type { APIMessage, RESTPatchAPIChannelMessageJSONBody, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Language } from '../i18n/languages.js';
import { translator } from '../i18n/translate.js';
import type { DiscordOutcome, EscalationNotice, EscalationNotifier } from '../ports.js';
import { attempt } from './discord-errors.js';
import { retrySafe } from './message-nonce.js';
import { acknowledgeRow, escalationContent, escalationEmbed, markAcknowledged, noticeT } from './render/escalation-notice.js';

/** Posts escalations in the escalation channel; pings the admin role and nobody else. */
export class DiscordEscalationNotifier implements EscalationNotifier {
  constructor(private readonly rest: REST) {}

  notify(channelId: string, adminRoleId: string, notice: EscalationNotice, nonce?: string): Promise<DiscordOutcome<{ channelId: string; messageId: string }>> {
    return attempt(async () => {
      const body: RESTPostAPIChannelMessageJSONBody = {
        content: escalationContent(notice, adminRoleId),
        embeds: [escalationEmbed(notice)],
        components: [acknowledgeRow(noticeT(notice), notice.escalationId, false)],
        allowed_mentions: { parse: [], roles: [adminRoleId] },
        ...retrySafe(nonce),
      };
      const message = (await this.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { channelId, messageId: message.id };
    });
  }

  markAcknowledged(channelId: string, messageId: string, escalationId: string, adminId: string, at: Date, language: Language): Promise<DiscordOutcome<void>> {
    return attempt(async () => {
      const t = translator(language);
      const post = (await this.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
      const [embed] = post.embeds;
      const body: RESTPatchAPIChannelMessageJSONBody = {
        ...(embed ? { embeds: [markAcknowledged(t, embed, adminId, at)] } : {}),
        components: [acknowledgeRow(t, escalationId, true)],
        allowed_mentions: { parse: [] },
      };
      await this.rest.patch(Routes.channelMessage(channelId, messageId), { body });
    });
  }

  remind(channelId: string, adminRoleId: string, replyTo: string | null, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(async () => {
      const body: RESTPostAPIChannelMessageJSONBody = {
        content,
        // A reply to the post: the reminder sits under it (not failing when the post was deleted by hand).
        ...(replyTo === null ? {} : { message_reference: { message_id: replyTo, fail_if_not_exists: false } }),
        allowed_mentions: { parse: [], roles: [adminRoleId], replied_user: false },
        ...retrySafe(nonce),
      };
      const message = (await this.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { messageId: message.id };
    });
  }
}
