import { DiscordAPIError, HTTPError, RESTJSONErrorCodes } from 'discord.js';
import type { DiscordFailureReason, DiscordOutcome } from '../ports.js';

/** Discord's error codes that mean something to a moderator, by what they mean. */
export function failureReasonOf(error: unknown): DiscordFailureReason | null {
  if (error instanceof DiscordAPIError) {
    switch (error.code) {
      case RESTJSONErrorCodes.MissingPermissions:
        return 'missing-permissions';
      case RESTJSONErrorCodes.MissingAccess:
        return 'missing-access';
      case RESTJSONErrorCodes.CannotSendMessagesToThisUser:
        return 'cannot-dm';
      case RESTJSONErrorCodes.UnknownChannel:
        return 'unknown-channel';
      case RESTJSONErrorCodes.UnknownMessage:
        return 'unknown-message';
      default:
        return 'unavailable';
    }
  }
  if (error instanceof HTTPError) return 'unavailable';
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return 'unavailable';
  return null;
}

/**
 * Runs one Discord call and turns Discord's refusals into a typed failure.
 * Anything that is not a Discord error (a bug) is re-thrown for the error
 * boundary.
 */
export async function attempt<T>(call: () => Promise<T>): Promise<DiscordOutcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    const reason = failureReasonOf(error);
    if (reason === null) throw error;
    return { ok: false, reason, detail: error instanceof Error ? error.message : String(error) };
  }
}
