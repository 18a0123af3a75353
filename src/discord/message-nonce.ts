import { randomBytes } from 'node:crypto';

/**
 * Fields that make a message post safe to retry. discord.js retries a POST
 * that timed out or got a 5xx; without these, a request Discord had in fact
 * carried out would post the same message twice. With them, Discord returns
 * the message already created with this nonce instead of a second one.
 * One nonce per message the bot means to send, made before the first try;
 * owed actions pass their own, the same in every try (src/actions/runner.ts).
 */
export function retrySafe(nonce?: string): { nonce: string; enforce_nonce: true } {
  return { nonce: nonce ?? randomBytes(12).toString('base64url'), enforce_nonce: true };
}
