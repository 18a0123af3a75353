import { createHash, randomBytes } from 'node:crypto';

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

/**
 * The nonce of part `index` of a message sent in several parts (too long for
 * one): the message's own for the first part, one derived from it for the
 * others, so every part is as safe to retry as the first. At most 25
 * characters, as Discord allows.
 */
export function partNonce(nonce: string | undefined, index: number): string | undefined {
  if (nonce === undefined || index === 0) return nonce;
  return createHash('sha256').update(`${nonce}:part:${index}`).digest('base64url').slice(0, 25);
}
