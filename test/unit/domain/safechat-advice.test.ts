import { describe, it, expect } from 'vitest';
import { SAFE_CHAT_COOLDOWN_MS, selectTopics, topicsToSend } from '../../../src/domain/safechat-advice.js';
import type { SafeChatTopic } from '../../../src/domain/types.js';

const ALL = ['self_help', 'off_platform', 'real_life', 'personal_info'];

describe('selecting advice topics', () => {
  it('all gives every topic in the fixed order', () => {
    expect(selectTopics('all')).toEqual(ALL);
  });

  it('all with case flags is still every topic', () => {
    expect(selectTopics('all', { realLife: true, offPlatform: true, category: 'stalking' })).toEqual(ALL);
    expect(selectTopics('all', { realLife: false, offPlatform: false })).toEqual(ALL);
  });

  it.each([
    ['self_help', ['self_help', 'personal_info']],
    ['off_platform', ['off_platform', 'personal_info']],
    ['real_life', ['real_life', 'personal_info']],
    ['personal_info', ['personal_info']],
  ] as const)('a single topic %s is sent with personal_info: %j', (topic, want) => {
    expect(selectTopics(topic)).toEqual(want);
  });

  it('the default (what fits) leaves the real-life part out unless the case reached real life (P6)', () => {
    expect(selectTopics('fitting')).toEqual(['self_help', 'off_platform', 'personal_info']);
    expect(selectTopics('fitting', { realLife: false, offPlatform: true })).toEqual(['self_help', 'off_platform', 'personal_info']);
    expect(selectTopics('fitting', { realLife: true, offPlatform: false })).toEqual(ALL);
  });

  it('flags do not change a single-topic request', () => {
    expect(selectTopics('self_help', { realLife: true, offPlatform: true })).toEqual(['self_help', 'personal_info']);
  });
});

describe('cooldown on repeated advice', () => {
  const now = new Date('2025-01-01T12:00:00Z');
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const topics: SafeChatTopic[] = ['self_help', 'personal_info'];

  it('nothing sent recently: everything is sent', () => {
    expect(topicsToSend(topics, [], now, false)).toEqual({ send: topics, skipped: [] });
  });

  it('a topic sent 9 minutes 59.999 seconds ago is skipped', () => {
    const recent = [{ topic: 'personal_info' as const, sentAt: ago(SAFE_CHAT_COOLDOWN_MS - 1) }];
    expect(topicsToSend(topics, recent, now, false)).toEqual({ send: ['self_help'], skipped: ['personal_info'] });
  });

  it('a topic sent exactly 10 minutes ago is sent again', () => {
    const recent = [{ topic: 'personal_info' as const, sentAt: ago(SAFE_CHAT_COOLDOWN_MS) }];
    expect(topicsToSend(topics, recent, now, false)).toEqual({ send: topics, skipped: [] });
  });

  it('a topic sent just now is skipped', () => {
    const recent = [{ topic: 'self_help' as const, sentAt: now }];
    expect(topicsToSend(topics, recent, now, false)).toEqual({ send: ['personal_info'], skipped: ['self_help'] });
  });

  it('force sends topics that are inside the cooldown', () => {
    const recent = topics.map((topic) => ({ topic, sentAt: ago(1000) }));
    expect(topicsToSend(topics, recent, now, true)).toEqual({ send: topics, skipped: [] });
  });

  it('every topic sent recently: nothing left to send', () => {
    const recent = topics.map((topic) => ({ topic, sentAt: ago(60_000) }));
    expect(topicsToSend(topics, recent, now, false)).toEqual({ send: [], skipped: topics });
  });

  it('a recent delivery of another topic does not block this one', () => {
    const recent = [{ topic: 'real_life' as const, sentAt: ago(1000) }];
    expect(topicsToSend(topics, recent, now, false)).toEqual({ send: topics, skipped: [] });
  });

  it('an old and a recent delivery of the same topic: the recent one wins, skipped', () => {
    const recent = [
      { topic: 'self_help' as const, sentAt: ago(SAFE_CHAT_COOLDOWN_MS * 3) },
      { topic: 'self_help' as const, sentAt: ago(5000) },
    ];
    expect(topicsToSend(topics, recent, now, false)).toEqual({ send: ['personal_info'], skipped: ['self_help'] });
  });
});
