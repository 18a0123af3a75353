import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/config.js';
import { parseProxyConfig } from '../../../src/config/proxy-config.js';

const valid = {
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789',
  DISCORD_CLIENT_ID: '123456789012345678',
  DATABASE_URL: 'postgresql://bot@localhost:5432/bothsides',
};

const sharding = (env: Record<string, string>) => {
  const result = parseConfig({ ...valid, ...env });
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.config.sharding;
};
const problems = (env: Record<string, string>) => {
  const result = parseConfig({ ...valid, ...env });
  return result.ok ? [] : [...result.problems];
};

describe('sharding settings', () => {
  it('shards by default with PostgreSQL: Discord decides how many, this machine runs them all', () => {
    expect(sharding({})).toEqual({ enabled: true, count: 'auto', list: 'all' });
  });

  it('runs one process with SHARDING=off, and with the embedded database whatever SHARDING says', () => {
    expect(sharding({ SHARDING: 'off' })?.enabled).toBe(false);
    const embedded = parseConfig({ DISCORD_TOKEN: valid.DISCORD_TOKEN, DISCORD_CLIENT_ID: valid.DISCORD_CLIENT_ID, SHARDING: 'on' });
    expect(embedded.ok && embedded.config.sharding?.enabled).toBe(false);
  });

  it('takes a shard count and this machine\'s shards (sorted, once each), and the shard a process runs', () => {
    expect(sharding({ SHARD_COUNT: '4', SHARD_LIST: '3, 2,2' })).toEqual({ enabled: true, count: 4, list: [2, 3] });
    expect(sharding({ SHARD_COUNT: '4', SHARDS: '1' })?.thisShard).toBe(1);
  });

  it('names each bad value', () => {
    expect(problems({ SHARD_COUNT: '0' })).toEqual(['SHARD_COUNT must be auto or a whole number of shards, at least 1']);
    expect(problems({ SHARD_COUNT: 'many' })[0]).toMatch(/^SHARD_COUNT /);
    expect(problems({ SHARD_LIST: '0;1' })).toEqual(['SHARD_LIST must be shard numbers separated by commas, for example 0,1']);
    expect(problems({ SHARD_COUNT: '2', SHARD_LIST: '0,2' })).toEqual(['SHARD_LIST names a shard that does not exist: with SHARD_COUNT=2 the shards are 0 to 1']);
    expect(problems({ SHARDING: 'maybe' })).toEqual(['SHARDING must be on or off']);
    expect(problems({ DAILY_JOBS_CHECK_SECONDS: '0' })).toEqual(['DAILY_JOBS_CHECK_SECONDS must be a whole number of seconds from 1 to 86400']);
  });
});

describe('REST proxy settings', () => {
  it('needs no token, and defaults to Discord upstream, port 8080 on 127.0.0.1, 45 requests a second', () => {
    expect(parseProxyConfig({})).toEqual({ ok: true, config: { upstream: 'https://discord.com/api', port: 8080, host: '127.0.0.1', globalRequestsPerSecond: 45 } });
    expect(parseProxyConfig({ DISCORD_API_URL: 'http://127.0.0.1:9/api/', REST_PROXY_PORT: '', DISCORD_GLOBAL_RATE_LIMIT: '50' })).toMatchObject({ ok: true, config: { upstream: 'http://127.0.0.1:9/api', port: 8080, globalRequestsPerSecond: 50 } });
  });

  it('names a bad port or URL', () => {
    const bad = parseProxyConfig({ REST_PROXY_PORT: '70000', DISCORD_API_URL: 'discord' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.some((p) => p.startsWith('REST_PROXY_PORT'))).toBe(true);
    expect(bad.problems.some((p) => p.startsWith('DISCORD_API_URL must be an http(s) URL'))).toBe(true);
  });
});
