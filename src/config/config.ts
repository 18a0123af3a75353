import { resolve } from 'node:path';
import { envSchema, type Env } from './env-schema.js';

export type Config = {
  readonly discord: {
    readonly token: string;
    readonly clientId: string;
    readonly devGuildId: string | undefined;
    /** REST base URL without the version, e.g. https://discord.com/api */
    readonly apiUrl: string;
    /** Discord's global limit on the bot's REST requests per second (50 unless Discord raised it). */
    readonly globalRateLimit?: number;
  };
  readonly database: {
    readonly url: string | undefined;
    readonly dataDir: string;
    /** Connections to DATABASE_URL's server; the embedded database always takes one. */
    readonly poolSize?: number;
  };
  readonly sharding?: ShardingConfig;
  /** How often a process checks whether today's daily jobs (retention sweep, stale digest) still need running. */
  readonly dailyJobsCheckSeconds?: number;
  /** How long a process holds an owed Discord action it is trying before another process may take it up. */
  readonly actionLeaseSeconds?: number;
  readonly logLevel: Env['LOG_LEVEL'];
  /** Unset: pretty on a terminal, JSON otherwise. */
  readonly logFormat?: NonNullable<Env['LOG_FORMAT']>;
  /** Where evidence bytes are kept (in PostgreSQL, or under DATA_DIR/evidence) and the largest file taken. */
  readonly evidence?: { readonly store: 'database' | 'files'; readonly maxBytes: number };
  /** The case desk, when WEB_PORT is set. */
  readonly web?: WebConfig;
};

export type ShardingConfig = {
  /** False: one process, no manager (SHARDING=off, or the embedded database, which serves one process). */
  readonly enabled: boolean;
  /** How many shards the bot has in all: Discord's recommendation, or a number. */
  readonly count: 'auto' | number;
  /** Which of them this machine runs. */
  readonly list: 'all' | readonly number[];
  /** In a shard's own process: its number (set by the manager). */
  readonly thisShard?: number;
};

export type WebConfig = {
  readonly port: number;
  readonly host: string;
  /** The address users reach (the OAuth2 redirect is this plus /oauth/callback), without a trailing slash. */
  readonly publicUrl: string;
  readonly clientSecret: string;
  /** Where browsers are sent to authorize. */
  readonly oauthUrl: string;
  /** Signs the session cookies; when unset, one kept in the database is used. */
  readonly sessionSecret: string | undefined;
};

export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly problems: readonly string[]; readonly missingToken: boolean };

/** Parses the environment once. Never throws; every problem is named. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    const tokenValue = env.DISCORD_TOKEN;
    const missingToken = tokenValue === undefined || tokenValue.trim() === '';
    return { ok: false, problems, missingToken };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      discord: {
        token: e.DISCORD_TOKEN,
        clientId: e.DISCORD_CLIENT_ID,
        devGuildId: e.DISCORD_DEV_GUILD_ID,
        apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
        globalRateLimit: e.DISCORD_GLOBAL_RATE_LIMIT,
      },
      database: { url: e.DATABASE_URL, dataDir: resolve(e.DATA_DIR), poolSize: e.DATABASE_POOL_SIZE },
      actionLeaseSeconds: e.ACTION_LEASE_SECONDS,
      sharding: {
        enabled: e.SHARDING === 'on' && e.DATABASE_URL !== undefined,
        count: e.SHARD_COUNT,
        list: e.SHARD_LIST ?? 'all',
        ...(e.SHARDS === undefined ? {} : { thisShard: e.SHARDS }),
      },
      dailyJobsCheckSeconds: e.DAILY_JOBS_CHECK_SECONDS,
      logLevel: e.LOG_LEVEL,
      ...(e.LOG_FORMAT === undefined ? {} : { logFormat: e.LOG_FORMAT }),
      evidence: { store: e.EVIDENCE_STORE, maxBytes: e.EVIDENCE_MAX_BYTES },
      ...(e.WEB_PORT === undefined
        ? {}
        : {
            web: {
              port: e.WEB_PORT,
              host: e.WEB_HOST,
              publicUrl: (e.WEB_PUBLIC_URL ?? `http://127.0.0.1:${e.WEB_PORT}`).replace(/\/+$/, ''),
              clientSecret: e.DISCORD_CLIENT_SECRET ?? '',
              oauthUrl: e.DISCORD_OAUTH_URL,
              sessionSecret: e.WEB_SESSION_SECRET,
            },
          }),
    },
  };
}

export const MISSING_TOKEN_HELP = [
  'Bothsides needs a Discord bot token to log in, and DISCORD_TOKEN is not set.',
  'To get one: open https://discord.com/developers/applications, create an application (or pick yours),',
  'open "Bot", press "Reset Token" and copy it; copy the Application ID from "General Information" too.',
  'Then copy .env.example to .env, set DISCORD_TOKEN and DISCORD_CLIENT_ID, and run `npm start` again.',
  'To see the bot work first, without a token or a database server, run `npm run demo`.',
].join(' ');

/** The message printed when configuration is unusable: no stack trace. */
export function describeConfigProblems(result: Extract<ConfigResult, { ok: false }>): string {
  const lines = ['Bothsides cannot start: the configuration has problems.'];
  for (const p of result.problems) lines.push(`  - ${p}`);
  lines.push('Set these in the environment or in .env (see .env.example for every key).');
  if (result.missingToken) lines.push('', MISSING_TOKEN_HELP);
  return lines.join('\n');
}
