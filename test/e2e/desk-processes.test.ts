import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRealPostgres } from '../support/test-databases.js';
import { openProcessWorld, type ProcessWorld } from './support/bot-process.js';
import { configureCommunity } from './support/community.js';
import { deskConfig } from './support/desk-config.js';
import { Browser } from './support/http-browser.js';

/**
 * Where the desk runs when the bot shards: in the sharding manager's
 * process (WEB_PORT with `npm start`), or alone (`npm run desk`), which has
 * no gateway and reaches Discord over REST only.
 */
describe.runIf(hasRealPostgres())('the desk beside shard processes', () => {
  let w: ProcessWorld;
  beforeAll(async () => {
    w = await openProcessWorld('desk-town', { fake: { sharding: { shards: 2, maxConcurrency: 2 } } });
  }, 60_000);
  afterAll(async () => {
    await w?.close('SIGTERM');
  });

  const deskEnv = async () => {
    const web = await deskConfig(w.fake);
    return { url: web.publicUrl, env: { WEB_PORT: String(web.port), WEB_PUBLIC_URL: web.publicUrl, DISCORD_CLIENT_SECRET: web.clientSecret, DISCORD_OAUTH_URL: web.oauthUrl } };
  };
  /** Logs in through the local Discord API's OAuth2 as `userId`. */
  const login = async (url: string, userId: string): Promise<Browser> => {
    const b = new Browser();
    w.fake.oauth.authorizeAs(userId);
    expect((await b.follow(`${url}/login`)).status).toBe(200);
    return b;
  };

  it('runs in the manager: healthy once every shard is up, and shows a case opened through a shard', async () => {
    const { fake, community: c } = w;
    const desk = await deskEnv();
    const bot = await w.start(desk.env);
    expect(bot.output()).toContain('the case desk is listening');
    await configureCommunity(fake, c);
    const opened = await fake.slash(c.people.mod.id, c.guild.id, 'case', { subcommand: 'open', channelId: c.channels.staffRoom.id, options: { complainant: c.people.alex.id, accused: c.people.sam.id, category: 'other', summary: 'Seen from the desk.' } }).settled({ timeoutMs: 15_000 });
    expect(opened.reply?.content).toContain('Case #1 opened');
    const health = await fetch(`${desk.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ database: 'up', gateway: 'up' });
    const browser = await login(desk.url, c.people.mod.id);
    const page = await browser.get(`${desk.url}/g/${c.guild.id}/cases/1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Seen from the desk.');
    await bot.kill('SIGTERM');
  }, 240_000);

  it('runs alone (npm run desk): the database alone decides its health, and it serves the same pages', async () => {
    const { community: c } = w;
    const desk = await deskEnv();
    const alone = await w.start(desk.env, { file: 'src/desk-main.ts', ready: 'the case desk is listening' });
    expect(alone.output()).not.toContain('shard');
    const health = await fetch(`${desk.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ database: 'up' });
    const browser = await login(desk.url, c.people.mod.id);
    const page = await browser.get(`${desk.url}/g/${c.guild.id}/cases/1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Seen from the desk.');
    // It never joined the gateway: no session came from it.
    expect(w.fake.shardSessions.filter((x) => x.connected)).toHaveLength(0);
  }, 240_000);
});
