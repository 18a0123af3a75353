import { describe, expect, it } from 'vitest';
import { PendingEvidence } from '../../../src/discord/pending-evidence.js';
import type { MessageEvidence } from '../../../src/ports.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const ALEX = '300000000000000001';
const ROBIN = '300000000000000003';
const SAM = '300000000000000002';
const MINUTE = 60 * 1000;
const TTL = 20 * MINUTE;

const evidence = (messageId: string, content: string | null = `message ${messageId}`): MessageEvidence => ({
  messageId,
  channelId: '500000000000000009',
  authorId: SAM,
  content,
  sentAt: new Date('2025-03-01T11:58:00.000Z'),
  attachments: [{ name: 'screenshot.png', url: 'https://cdn.example.org/screenshot.png' }],
  link: `https://discord.com/channels/${GUILD}/500000000000000009/${messageId}`,
});

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('PendingEvidence: the message held between "Report message" and its form', () => {
  it('gives back what was put, exactly once', () => {
    const pending = new PendingEvidence();
    const e = evidence('600000000000000001');
    pending.put(GUILD, ALEX, e);

    expect(pending.take(GUILD, ALEX, e.messageId)).toEqual(e);
    expect(pending.take(GUILD, ALEX, e.messageId)).toBeNull();
  });

  it('gives nothing for a message never captured', () => {
    expect(new PendingEvidence().take(GUILD, ALEX, '600000000000000001')).toBeNull();
  });

  it('is keyed by guild, reporter and message: another guild, reporter or message finds nothing', () => {
    const pending = new PendingEvidence();
    const e = evidence('600000000000000001');
    pending.put(GUILD, ALEX, e);

    expect(pending.take(OTHER_GUILD, ALEX, e.messageId)).toBeNull();
    expect(pending.take(GUILD, ROBIN, e.messageId)).toBeNull();
    expect(pending.take(GUILD, ALEX, '600000000000000002')).toBeNull();
    // The misses did not consume it.
    expect(pending.take(GUILD, ALEX, e.messageId)).toEqual(e);
  });

  it('keeps two reporters of the same message apart', () => {
    const pending = new PendingEvidence();
    const forAlex = evidence('600000000000000001', 'as Alex saw it');
    const forRobin = evidence('600000000000000001', 'as Robin saw it (edited since)');
    pending.put(GUILD, ALEX, forAlex);
    pending.put(GUILD, ROBIN, forRobin);

    expect(pending.take(GUILD, ROBIN, forRobin.messageId)?.content).toBe('as Robin saw it (edited since)');
    expect(pending.take(GUILD, ALEX, forAlex.messageId)?.content).toBe('as Alex saw it');
  });

  it('a second capture of the same message by the same reporter replaces the first', () => {
    const pending = new PendingEvidence();
    pending.put(GUILD, ALEX, evidence('600000000000000001', 'first'));
    pending.put(GUILD, ALEX, evidence('600000000000000001', 'second'));

    expect(pending.take(GUILD, ALEX, '600000000000000001')?.content).toBe('second');
    expect(pending.take(GUILD, ALEX, '600000000000000001')).toBeNull();
  });

  it('still gives the message at exactly its lifetime, and nothing after it', () => {
    const clock = manualClock();
    const pending = new PendingEvidence(10, TTL, clock.now);
    pending.put(GUILD, ALEX, evidence('600000000000000001'));
    pending.put(GUILD, ALEX, evidence('600000000000000002'));

    clock.advance(TTL);
    expect(pending.take(GUILD, ALEX, '600000000000000001')).not.toBeNull();
    clock.advance(1);
    expect(pending.take(GUILD, ALEX, '600000000000000002')).toBeNull();
  });

  it('uses 20 minutes as the default lifetime (a form lives 15)', () => {
    const clock = manualClock();
    const pending = new PendingEvidence(undefined, undefined, clock.now);
    pending.put(GUILD, ALEX, evidence('600000000000000001'));
    pending.put(GUILD, ALEX, evidence('600000000000000002'));

    clock.advance(15 * MINUTE);
    expect(pending.take(GUILD, ALEX, '600000000000000001')).not.toBeNull();
    clock.advance(5 * MINUTE + 1);
    expect(pending.take(GUILD, ALEX, '600000000000000002')).toBeNull();
  });

  it('an expired entry is gone: putting the message again later starts a new lifetime', () => {
    const clock = manualClock();
    const pending = new PendingEvidence(10, TTL, clock.now);
    pending.put(GUILD, ALEX, evidence('600000000000000001', 'old'));
    clock.advance(TTL + 1);
    expect(pending.take(GUILD, ALEX, '600000000000000001')).toBeNull();

    pending.put(GUILD, ALEX, evidence('600000000000000001', 'new'));
    clock.advance(TTL);
    expect(pending.take(GUILD, ALEX, '600000000000000001')?.content).toBe('new');
  });

  it('holds at most `max` entries, dropping the oldest first', () => {
    const pending = new PendingEvidence(3, TTL);
    for (const id of ['1', '2', '3', '4']) pending.put(GUILD, ALEX, evidence(id));

    expect(pending.take(GUILD, ALEX, '1')).toBeNull();
    expect(pending.take(GUILD, ALEX, '2')).not.toBeNull();
    expect(pending.take(GUILD, ALEX, '3')).not.toBeNull();
    expect(pending.take(GUILD, ALEX, '4')).not.toBeNull();
  });

  it('a message captured again counts as the newest, so it is not the one dropped', () => {
    const pending = new PendingEvidence(3, TTL);
    for (const id of ['1', '2', '3']) pending.put(GUILD, ALEX, evidence(id));
    pending.put(GUILD, ALEX, evidence('1', 'captured again'));
    pending.put(GUILD, ALEX, evidence('4'));

    expect(pending.take(GUILD, ALEX, '2')).toBeNull();
    expect(pending.take(GUILD, ALEX, '1')?.content).toBe('captured again');
    expect(pending.take(GUILD, ALEX, '3')).not.toBeNull();
    expect(pending.take(GUILD, ALEX, '4')).not.toBeNull();
  });

  it('a taken entry frees its place', () => {
    const pending = new PendingEvidence(2, TTL);
    pending.put(GUILD, ALEX, evidence('1'));
    pending.put(GUILD, ALEX, evidence('2'));
    pending.take(GUILD, ALEX, '1');
    pending.put(GUILD, ALEX, evidence('3'));

    expect(pending.take(GUILD, ALEX, '2')).not.toBeNull();
    expect(pending.take(GUILD, ALEX, '3')).not.toBeNull();
  });
});
