import { describe, expect, it } from 'vitest';
import { describeConfigProblems, parseConfig } from '../../../src/config/config.js';

const valid = {
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789',
  DISCORD_CLIENT_ID: '123456789012345678',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  const result = parseConfig(env);
  if (result.ok) throw new Error('expected a configuration problem');
  return [...result.problems];
}

describe('configuration', () => {
  it('accepts the two required keys and fills in the documented defaults', () => {
    const result = parseConfig(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.discord.apiUrl).toBe('https://discord.com/api');
    expect(result.config.database.url).toBeUndefined();
    expect(result.config.database.dataDir).toMatch(/\/data$/);
    expect(result.config.logLevel).toBe('info');
    expect(result.config.discord.devGuildId).toBeUndefined();
  });

  it('treats blank values copied from .env.example as unset', () => {
    const result = parseConfig({ ...valid, DATABASE_URL: '', DISCORD_DEV_GUILD_ID: ' ', LOG_LEVEL: '', DISCORD_API_URL: '' });
    expect(result.ok).toBe(true);
  });

  it('strips a trailing slash from DISCORD_API_URL', () => {
    const result = parseConfig({ ...valid, DISCORD_API_URL: 'http://127.0.0.1:4000/api/' });
    expect(result.ok && result.config.discord.apiUrl).toBe('http://127.0.0.1:4000/api');
  });

  it('names a missing DISCORD_TOKEN and explains how to get one', () => {
    const result = parseConfig({ DISCORD_CLIENT_ID: valid.DISCORD_CLIENT_ID });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.missingToken).toBe(true);
    expect(result.problems).toEqual([expect.stringMatching(/^DISCORD_TOKEN is required/)]);
    const text = describeConfigProblems(result);
    expect(text).toContain('discord.com/developers/applications');
    expect(text).toContain('Reset Token');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('says a DISCORD_TOKEN left blank, as .env.example has it, is still blank (not malformed), with how to get one', () => {
    const result = parseConfig({ DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '  ' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.missingToken).toBe(true);
    expect(result.problems).toEqual([
      'DISCORD_TOKEN is still blank (as in .env.example): set it to the bot token from the Discord Developer Portal',
      "DISCORD_CLIENT_ID is still blank (as in .env.example): set it to the application's ID (a number of 17 to 20 digits)",
    ]);
    expect(describeConfigProblems(result)).toContain('Reset Token');
  });

  it('names a malformed DISCORD_TOKEN with what it should look like', () => {
    expect(problemsOf({ ...valid, DISCORD_TOKEN: 'not a token' })).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN must be a bot token \(three dot-separated parts/),
    ]);
  });

  it('names a missing DISCORD_CLIENT_ID', () => {
    expect(problemsOf({ DISCORD_TOKEN: valid.DISCORD_TOKEN })).toEqual([expect.stringMatching(/^DISCORD_CLIENT_ID is required/)]);
  });

  it('names a DISCORD_CLIENT_ID that is not a snowflake', () => {
    expect(problemsOf({ ...valid, DISCORD_CLIENT_ID: 'abc' })).toEqual([
      expect.stringMatching(/^DISCORD_CLIENT_ID must be the application ID, a number of 17 to 20 digits/),
    ]);
  });

  it('names a DISCORD_DEV_GUILD_ID that is not a snowflake', () => {
    expect(problemsOf({ ...valid, DISCORD_DEV_GUILD_ID: '12' })).toEqual([expect.stringMatching(/^DISCORD_DEV_GUILD_ID must be a server ID/)]);
  });

  it('names a DISCORD_API_URL that is not http(s)', () => {
    expect(problemsOf({ ...valid, DISCORD_API_URL: 'ftp://example.org' })).toEqual([
      expect.stringMatching(/^DISCORD_API_URL must be an http\(s\) URL, for example https:\/\/discord.com\/api/),
    ]);
  });

  it('names a DATABASE_URL that is not a PostgreSQL URL', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://localhost/x' })).toEqual([
      expect.stringMatching(/^DATABASE_URL must be a PostgreSQL URL, for example postgresql:\/\//),
    ]);
  });

  it('names an unknown LOG_LEVEL and lists the accepted ones', () => {
    expect(problemsOf({ ...valid, LOG_LEVEL: 'loud' })).toEqual([expect.stringMatching(/^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/)]);
  });

  it('takes DATABASE_POOL_SIZE as a whole number from 1 to 100, default 10, and names a bad one', () => {
    const parsed = (extra: Record<string, string>) => parseConfig({ ...valid, ...extra });
    const okDefault = parsed({});
    const okSet = parsed({ DATABASE_POOL_SIZE: '3' });
    expect(okDefault.ok && okDefault.config.database.poolSize).toBe(10);
    expect(okSet.ok && okSet.config.database.poolSize).toBe(3);
    for (const bad of ['0', '101', '2.5', 'many']) {
      expect(problemsOf({ ...valid, DATABASE_POOL_SIZE: bad })).toEqual([
        expect.stringMatching(/^DATABASE_POOL_SIZE must be a whole number of connections from 1 to 100/),
      ]);
    }
  });

  it('takes ACTION_LEASE_SECONDS as a whole number from 1 to 600, default 30, and names a bad one', () => {
    const okDefault = parseConfig(valid);
    const okSet = parseConfig({ ...valid, ACTION_LEASE_SECONDS: '5' });
    expect(okDefault.ok && okDefault.config.actionLeaseSeconds).toBe(30);
    expect(okSet.ok && okSet.config.actionLeaseSeconds).toBe(5);
    for (const bad of ['0', '601', '1.5', 'soon']) {
      expect(problemsOf({ ...valid, ACTION_LEASE_SECONDS: bad })).toEqual([expect.stringMatching(/^ACTION_LEASE_SECONDS must be a whole number of seconds from 1 to 600/)]);
    }
  });

  it('takes DISCORD_GLOBAL_RATE_LIMIT as a whole number of at least 1, default 50, and names a bad one', () => {
    const okDefault = parseConfig(valid);
    const okSet = parseConfig({ ...valid, DISCORD_GLOBAL_RATE_LIMIT: '500' });
    expect(okDefault.ok && okDefault.config.discord.globalRateLimit).toBe(50);
    expect(okSet.ok && okSet.config.discord.globalRateLimit).toBe(500);
    for (const bad of ['0', '-5', '1.5', 'fast']) {
      expect(problemsOf({ ...valid, DISCORD_GLOBAL_RATE_LIMIT: bad })).toEqual([
        expect.stringMatching(/^DISCORD_GLOBAL_RATE_LIMIT must be a whole number of requests per second/),
      ]);
    }
  });

  it('lists every problem at once when several keys are wrong', () => {
    const problems = problemsOf({ DISCORD_CLIENT_ID: 'x', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'LOG_LEVEL']);
  });

  it('has no desk without WEB_PORT; with it, needs the client secret and fills in the documented defaults', () => {
    const off = parseConfig(valid);
    expect(off.ok && off.config.web).toBeUndefined();
    expect(problemsOf({ ...valid, WEB_PORT: '8080' })).toEqual([expect.stringMatching(/^DISCORD_CLIENT_SECRET is required when WEB_PORT is set/)]);
    expect(problemsOf({ ...valid, WEB_PORT: '99999', DISCORD_CLIENT_SECRET: 's' })).toEqual(['WEB_PORT must be a TCP port from 1 to 65535']);
    const on = parseConfig({ ...valid, WEB_PORT: '8080', DISCORD_CLIENT_SECRET: 'secret' });
    if (!on.ok) throw new Error(on.problems.join('; '));
    expect(on.config.web).toEqual({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8080',
      clientSecret: 'secret',
      oauthUrl: 'https://discord.com/oauth2/authorize',
      sessionSecret: undefined,
    });
    const proxied = parseConfig({ ...valid, WEB_PORT: '8080', DISCORD_CLIENT_SECRET: 'secret', WEB_PUBLIC_URL: 'https://desk.example.org/', WEB_HOST: '0.0.0.0' });
    expect(proxied.ok && proxied.config.web).toMatchObject({ publicUrl: 'https://desk.example.org', host: '0.0.0.0' });
    expect(problemsOf({ ...valid, WEB_PORT: '8080', DISCORD_CLIENT_SECRET: 's', WEB_SESSION_SECRET: 'short' })[0]).toMatch(/^WEB_SESSION_SECRET must be at least 32 characters/);
  });
});
