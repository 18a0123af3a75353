import { randomBytes } from 'node:crypto';
import { DiscordjsErrorCodes, MessageFlags, type Interaction } from 'discord.js';
import type { Logger } from '../logging/logger.js';
import { isDatabaseUnavailable } from '../db/database-errors.js';
import { failureReasonOf } from './discord-errors.js';
import { discordFailureText } from '../messages/failure-texts.js';
import type { T } from '../i18n/translate.js';
import { quickT } from './reply-language.js';

/** A short id the moderator can quote and staff can find in the logs. */
export const newReference = (): string => randomBytes(4).toString('hex');


/**
 * discord.js's complaints that the options or form fields are not what this
 * version of the bot defines: the commands registered with Discord (or a form
 * still open) are older than the code.
 */
const OUT_OF_DATE_CODES = new Set<string>([
  DiscordjsErrorCodes.CommandInteractionOptionNotFound,
  DiscordjsErrorCodes.CommandInteractionOptionType,
  DiscordjsErrorCodes.CommandInteractionOptionEmpty,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommand,
  DiscordjsErrorCodes.CommandInteractionOptionNoSubcommandGroup,
  DiscordjsErrorCodes.ModalSubmitInteractionFieldNotFound,
  DiscordjsErrorCodes.ModalSubmitInteractionFieldType,
  DiscordjsErrorCodes.ModalSubmitInteractionFieldEmpty,
]);

/** Thrown by the command layer for an option value this version does not define (a choice it no longer offers, say). */
export class OutOfDateInput extends Error {
  override readonly name = 'OutOfDateInput';
}

function isOutOfDate(error: unknown): boolean {
  if (error instanceof OutOfDateInput) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && OUT_OF_DATE_CODES.has(code);
}

export function unexpectedErrorText(t: T, error: unknown, reference: string): string {
  if (isOutOfDate(error)) return t('errors.outOfDate', { reference });
  const discord = failureReasonOf(error);
  if (discord !== null) return t('errors.discordRefused', { failure: discordFailureText(t, discord, t('where.thisChannel')), reference });
  if (isDatabaseUnavailable(error)) return t('errors.databaseDown', { reference });
  return t('errors.unexpected', { reference });
}

/**
 * The one error boundary every interaction runs inside. Expected refusals
 * never reach it (services return them as values); what does reach it is
 * logged with a reference that the moderator also sees.
 */
export async function withErrorBoundary(interaction: Interaction, logger: Logger, run: () => Promise<void>): Promise<'ok' | 'error'> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    const reference = newReference();
    const context = {
      err: error,
      reference,
      interactionId: interaction.id,
      guildId: interaction.guildId,
      userId: interaction.user.id,
      kind: interaction.type,
      command: interaction.isCommand() ? interaction.commandName : undefined,
    };
    // Out-of-date commands or forms are expected after an upgrade: worth a warning, not an error.
    if (isOutOfDate(error)) logger.warn(context, 'interaction out of date');
    else logger.error(context, 'interaction failed');
    if (!interaction.isRepliable()) return 'error';
    const content = unexpectedErrorText(quickT(interaction), error, reference);
    try {
      if (interaction.deferred || interaction.replied) {
        await interaction.editReply({ content, embeds: [], components: [], allowedMentions: { parse: [] } });
      } else {
        await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      }
    } catch (replyError) {
      logger.warn({ err: replyError, reference }, 'could not tell the moderator about the failure');
    }
    return 'error';
  }
}
