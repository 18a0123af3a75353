import 'dotenv/config';
import { z } from 'zod';
import { httpUrl, optional, wholeNumber } from './env-schema.js';

/** The REST proxy's own settings (`npm run rest-proxy`): it needs no token, the shards send theirs. Blank counts as unset. */
const proxyEnvSchema = z.object({
  DISCORD_API_URL: optional(httpUrl('https://discord.com/api')).default('https://discord.com/api'),
  REST_PROXY_PORT: optional(wholeNumber('must be a TCP port from 1 to 65535', 1, 65_535)).default(8080),
  REST_PROXY_HOST: optional(z.string().trim()).default('127.0.0.1'),
  // Discord's limit is 50 a second per bot; 45 leaves room for the clocks of Discord's window and ours not to line up.
  DISCORD_GLOBAL_RATE_LIMIT: optional(wholeNumber('must be a whole number of requests per second, at least 1', 1)).default(45),
});

export type ProxyConfig = { readonly upstream: string; readonly port: number; readonly host: string; readonly globalRequestsPerSecond: number };

export function parseProxyConfig(env: Record<string, string | undefined>): { ok: true; config: ProxyConfig } | { ok: false; problems: string[] } {
  const parsed = proxyEnvSchema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`) };
  const e = parsed.data;
  return { ok: true, config: { upstream: e.DISCORD_API_URL.replace(/\/+$/, ''), port: e.REST_PROXY_PORT, host: e.REST_PROXY_HOST, globalRequestsPerSecond: e.DISCORD_GLOBAL_RATE_LIMIT } };
}

/** Reads .env and the environment, or ends the process naming what is wrong. */
export function loadProxyConfigOrExit(): ProxyConfig {
  const parsed = parseProxyConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`The REST proxy cannot start:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  return parsed.config;
}
