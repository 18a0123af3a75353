import { describe, expect, it } from 'vitest';
import { partNonce } from '../../../src/discord/message-nonce.js';
import { MESSAGE_CONTENT_MAX, splitMessage } from '../../../src/messages/text-format.js';

describe('a text too long for one message', () => {
  it('is one part when it fits', () => {
    expect(splitMessage('short')).toEqual(['short']);
    expect(splitMessage('x'.repeat(MESSAGE_CONTENT_MAX))).toHaveLength(1);
  });

  it('is cut between paragraphs when one falls in the second half, each part within the limit, nothing lost', () => {
    const a = 'a'.repeat(1500);
    const b = 'b'.repeat(1500);
    expect(splitMessage(`${a}\n\n${b}`)).toEqual([a, b]);
  });

  it('is cut between words when there is no paragraph, and anywhere as a last resort', () => {
    const words = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
    const parts = splitMessage(words, 100);
    expect(parts.every((p) => p.length <= 100 && !p.startsWith(' ') && !p.endsWith(' '))).toBe(true);
    expect(parts.join(' ')).toBe(words);
    expect(splitMessage('z'.repeat(250), 100)).toEqual(['z'.repeat(100), 'z'.repeat(100), 'z'.repeat(50)]);
  });

  it('gives every part its own nonce, derived from the message\'s, the same in every try and at most 25 characters', () => {
    expect(partNonce('abc', 0)).toBe('abc');
    expect(partNonce(undefined, 1)).toBeUndefined();
    const second = partNonce('abc', 1);
    expect(second).toBe(partNonce('abc', 1));
    expect(second).not.toBe(partNonce('abc', 2));
    expect(second?.length).toBeLessThanOrEqual(25);
  });
});
