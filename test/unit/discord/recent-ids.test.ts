import { describe, expect, it } from 'vitest';
import { RecentIds } from '../../../src/discord/router.js';

describe('the router\'s memory of recent interaction ids', () => {
  it('accepts an id once and refuses it while it is remembered', () => {
    const ids = new RecentIds(3);
    expect(ids.add('1')).toBe(true);
    expect(ids.add('1')).toBe(false);
    expect(ids.add('2')).toBe(true);
  });

  it('forgets the oldest id first once full, and only then', () => {
    const ids = new RecentIds(2);
    ids.add('1');
    ids.add('2');
    expect(ids.add('2')).toBe(false);
    ids.add('3'); // forgets 1
    expect(ids.add('2')).toBe(false);
    expect(ids.add('1')).toBe(true);
  });
});
