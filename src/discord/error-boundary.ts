import { randomBytes } from 'node:crypto';
import { MessageFlags, type Interaction } from 'discord.js';
import type { Logger } from '../logging/logger.js';
import { failureReasonOf } from './discord-errors.js';
import { discordFailureText } from '../messages/failure-texts.js';

/** A short id the moderator can quote and staff can find in the logs. */
export const newReference = (): string => randomBytes(4).toString('hex');

function isDatabaseDown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const text = `${error.name} ${error.message} ${typeof code === 'string' ? code : ''}`;
  return /ECONNREFUSED|ECONNRESET|Can't reach database|Connection terminated|P1001|P1017|the database system is (starting|shutting) up|Timed out fetching a new connection|Transaction API error/i.test(text);
}

export function unexpectedErrorText(error: unknown, reference: string): string {
  const discord = failureReasonOf(error);
  if (discord !== null) {
    return `Discord refused part of this: ${discordFailureText(discord, 'this channel')} Please check and try again. (reference ${reference})`;
  }
  if (isDatabaseDown(error)) {
    return `The case database is not reachable right now, so nothing was saved. Please try again in a minute. (reference ${reference})`;
  }
  return `Something went wrong on our side and the command did not finish. Please try again; if it keeps happening, give your admins the reference ${reference}.`;
}

/**
 * The one error boundary every interaction runs inside. Expected refusals
 * never reach it (services return them as values); what does reach it is
 * logged with a reference that the moderator also sees.
 */
export async function withErrorBoundary(interaction: Interaction, logger: Logger, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const reference = newReference();
    logger.error(
      {
        err: error,
        reference,
        interactionId: interaction.id,
        guildId: interaction.guildId,
        userId: interaction.user.id,
        kind: interaction.type,
        command: interaction.isCommand() ? interaction.commandName : undefined,
      },
      'interaction failed',
    );
    if (!interaction.isRepliable()) return;
    const content = unexpectedErrorText(error, reference);
    try {
      if (interaction.deferred || interaction.replied) {
        await interaction.editReply({ content, embeds: [], components: [], allowedMentions: { parse: [] } });
      } else {
        await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      }
    } catch (replyError) {
      logger.warn({ err: replyError, reference }, 'could not tell the moderator about the failure');
    }
  }
}
