import { Routes, type REST } from 'discord.js';
import type { APIMessage, RESTPatchAPIChannelMessageJSONBody, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DiscordOutcome, ReportQueue, ReportQueueView } from '../ports.js';
import { attempt } from './discord-errors.js';
import { retrySafe } from './message-nonce.js';
import { reportControls, reportEmbed } from './render/report-notice.js';

/** Reports in the staff channel. Pings nobody: staff read the queue, the reporter's words never ping. */
export class DiscordReportQueue implements ReportQueue {
  constructor(private readonly rest: REST) {}

  post(channelId: string, view: ReportQueueView, nonce?: string): Promise<DiscordOutcome<{ channelId: string; messageId: string }>> {
    return attempt(async () => {
      const body: RESTPostAPIChannelMessageJSONBody = {
        embeds: [reportEmbed(view)],
        components: reportControls(view),
        allowed_mentions: { parse: [] },
        ...retrySafe(nonce),
      };
      const message = (await this.rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
      return { channelId, messageId: message.id };
    });
  }

  async update(channelId: string, messageId: string, view: ReportQueueView): Promise<DiscordOutcome<void>> {
    const done = await attempt(async () => {
      const body: RESTPatchAPIChannelMessageJSONBody = { embeds: [reportEmbed(view)], components: reportControls(view), allowed_mentions: { parse: [] } };
      await this.rest.patch(Routes.channelMessage(channelId, messageId), { body });
    });
    return done.ok ? { ok: true, value: undefined } : done;
  }
}
