import { z } from 'zod';
import { SNOWFLAKE } from '../domain/snowflake.js';

// A bot token is three base64url parts separated by dots.
const TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+$/;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Blank values in a .env file count as unset. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const httpUrl = (example: string) =>
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    }, `must be an http(s) URL, for example ${example}`);

/**
 * A required value of a given shape. Blank (a .env copied from .env.example
 * and not filled in) is said to be blank, not malformed.
 */
const required = (what: string, pattern: RegExp, malformed: string) =>
  z
    .string({ error: `is required: ${what}` })
    .superRefine((v, ctx) => {
      const value = v.trim();
      if (value === '') ctx.addIssue({ code: 'custom', message: `is still blank (as in .env.example): set it to ${what}` });
      else if (!pattern.test(value)) ctx.addIssue({ code: 'custom', message: malformed });
    })
    .transform((v) => v.trim());

/** A whole number in a range, every problem worded with the same message. */
export const wholeNumber = (message: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);

const postgresUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}, 'must be a PostgreSQL URL, for example postgresql://user:password@localhost:5432/bothsides');

/**
 * Every environment variable the bot reads. Documented one by one in
 * .env.example; nothing outside src/config reads process.env.
 */
export const envSchema = z.object({
  DISCORD_TOKEN: required(
    'the bot token from the Discord Developer Portal',
    TOKEN,
    'must be a bot token (three dot-separated parts, from Bot → Reset Token in the Developer Portal)',
  ),
  DISCORD_CLIENT_ID: required("the application's ID (a number of 17 to 20 digits)", SNOWFLAKE, 'must be the application ID, a number of 17 to 20 digits'),
  DISCORD_DEV_GUILD_ID: optional(z.string().trim().regex(SNOWFLAKE, 'must be a server ID, a number of 17 to 20 digits')),
  DISCORD_API_URL: optional(httpUrl('https://discord.com/api')).default('https://discord.com/api'),
  DISCORD_GLOBAL_RATE_LIMIT: optional(wholeNumber('must be a whole number of requests per second, at least 1', 1)).default(50),
  DATABASE_URL: optional(postgresUrl),
  DATABASE_POOL_SIZE: optional(wholeNumber('must be a whole number of connections from 1 to 100', 1, 100)).default(10),
  DATA_DIR: optional(z.string()).default('./data'),
  EVIDENCE_STORE: optional(z.enum(['database', 'files'], { error: 'must be database or files' })).default('database'),
  EVIDENCE_MAX_BYTES: optional(wholeNumber('must be a whole number of bytes from 1 to 104857600 (100 MiB)', 1, 104_857_600)).default(8 * 1024 * 1024),
  ACTION_LEASE_SECONDS: optional(wholeNumber('must be a whole number of seconds from 1 to 600', 1, 600)).default(30),
  // Sharding (see README, "Running several processes"). `npm start` runs discord.js's ShardingManager unless it is off.
  SHARDING: optional(z.enum(['on', 'off'], { error: 'must be on or off' })).default('on'),
  SHARD_COUNT: optional(z.union([z.literal('auto'), wholeNumber('must be auto or a whole number of shards, at least 1', 1, 100_000)])).default('auto'),
  SHARD_LIST: optional(
    z
      .string()
      .trim()
      .regex(/^\d+(\s*,\s*\d+)*$/, 'must be shard numbers separated by commas, for example 0,1')
      .transform((v) => [...new Set(v.split(',').map((n) => Number(n.trim())))].sort((a, b) => a - b)),
  ),
  /** Set by the ShardingManager in each shard's process: the shard it runs. */
  SHARDS: optional(wholeNumber('is set by the sharding manager: a shard number', 0)),
  DAILY_JOBS_CHECK_SECONDS: optional(wholeNumber('must be a whole number of seconds from 1 to 86400', 1, 86_400)).default(3600),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'], { error: 'must be json or pretty' })),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })).default('info'),
  // The case desk (web console): off unless WEB_PORT is set.
  WEB_PORT: optional(wholeNumber('must be a TCP port from 1 to 65535', 1, 65_535)),
  WEB_HOST: optional(z.string().trim()).default('127.0.0.1'),
  WEB_PUBLIC_URL: optional(httpUrl('https://desk.example.org')),
  DISCORD_CLIENT_SECRET: optional(z.string().trim()),
  DISCORD_OAUTH_URL: optional(httpUrl('https://discord.com/oauth2/authorize')).default('https://discord.com/oauth2/authorize'),
  WEB_SESSION_SECRET: optional(z.string().trim().min(32, 'must be at least 32 characters (or leave it unset: one is made and kept in the database)')),
}).superRefine((e, ctx) => {
  const count = e.SHARD_COUNT;
  if (e.SHARD_LIST !== undefined && typeof count === 'number' && e.SHARD_LIST.some((n) => n >= count)) {
    ctx.addIssue({ code: 'custom', path: ['SHARD_LIST'], message: `names a shard that does not exist: with SHARD_COUNT=${count} the shards are 0 to ${count - 1}` });
  }
  if (e.WEB_PORT !== undefined && (e.DISCORD_CLIENT_SECRET ?? '') === '') {
    ctx.addIssue({ code: 'custom', path: ['DISCORD_CLIENT_SECRET'], message: "is required when WEB_PORT is set: the application's OAuth2 client secret (Developer Portal → OAuth2 → Client Secret), for the desk's Discord login" });
  }
});

export type Env = z.infer<typeof envSchema>;
