import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo/run-demo.js';
import { startWorld, type Community, type World } from './support/world.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`desk browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// DESK_SCREENSHOTS=1 writes the README's pictures into docs/; otherwise they go to a scratch folder (the same code runs).
const SHOTS = process.env.DESK_SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs') : mkdtempSync(join(tmpdir(), 'bothsides-shots-'));

type AxeResult = { violations: { id: string; impact: string | null; nodes: unknown[] }[] };

/**
 * The case desk in a real browser: Debian's Chromium driven by Playwright.
 * A moderator logs in with Discord (the local Discord API's OAuth2), finds a
 * case on the board and reads it; a case whose summary and statements hold
 * HTML and script shows them as text and runs nothing; a plain member and a
 * moderator who is a party are refused. axe-core finds no serious or
 * critical violation on any page; the board and a case are photographed for
 * the README.
 */
describe.runIf(haveChromium)('the case desk in a real browser', () => {
  let world: World;
  let c: Community;
  let desk: string;
  let browser: Browser;
  const dialogs: string[] = [];
  const HOSTILE = '<script>alert("summary")</script><img src=x onerror="alert(\'img\')">';

  async function browserAs(userId: string): Promise<{ context: BrowserContext; page: Page }> {
    world.fake.oauth.authorizeAs(userId);
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${desk}/`);
    await page.getByRole('link', { name: 'Log in with Discord' }).click();
    await page.waitForURL(`${desk}/`);
    return { context, page };
  }

  /** axe-core on the page as it is; its CSP blocks an injected script, so a twin context without CSP runs the check. */
  async function axe(url: string, userId: string): Promise<AxeResult['violations']> {
    world.fake.oauth.authorizeAs(userId);
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${desk}/login`);
    await page.waitForURL(`${desk}/`);
    await page.goto(url);
    await page.addScriptTag({ path: axeSource });
    const result = (await page.evaluate(async () => (await (globalThis as unknown as { axe: { run(): Promise<unknown> } }).axe.run()))) as AxeResult;
    await context.close();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  beforeAll(async () => {
    world = await startWorld({ desk: true });
    c = world.community;
    desk = world.bot.deskUrl!;
    await world.setUp(c, { community_name: 'Example Town' });
    const { mod, mod2, alex, sam, robin } = c.people;
    await world.run(c, mod.id, 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'stalking', summary: `Sam follows Alex into every channel. ${HOSTILE}` });
    await world.run(c, mod.id, 'case', 'addside', { case: 1, party: alex.id, statement: `He joins every voice channel I am in. ${HOSTILE}` });
    await world.run(c, mod.id, 'case', 'addside', { case: 1, party: sam.id, statement: 'We play the same games; I did not know.' });
    // Copy the interview threads into the record, so the case page shows the transcript.
    await world.run(c, mod.id, 'case', 'transcript', { case: 1 });
    await world.run(c, mod.id, 'case', 'open', { complainant: robin.id, accused: sam.id, category: 'harassment', summary: 'Insults in #general' });
    await world.run(c, mod.id, 'case', 'open', { complainant: mod2.id, accused: sam.id, category: 'other', summary: 'About a moderator' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('a moderator logs in with Discord, finds the case on the board, and reads it; hostile text is text and runs nothing', async () => {
    const { context, page } = await browserAs(c.people.mod.id);
    await page.getByRole('link', { name: 'Example Town' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cases of Example Town');
    await page.getByRole('link', { name: '#1' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Case #1: Stalking (Interviewing)');
    expect(await page.getByText('He joins every voice channel I am in.').textContent()).toContain('<script>alert("summary")</script>');
    expect(await page.getByRole('heading', { name: 'Transcript of the interview threads' }).count()).toBe(1);
    expect(await page.locator('ol.transcript li').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    // The search box opens a case by its number.
    await page.getByRole('link', { name: 'All cases' }).click();
    await page.getByLabel('Case number or member ID').fill('2');
    await page.getByRole('button', { name: 'Open' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Case #2: Harassment (Open)');
    // Logging out ends it.
    await page.getByRole('button', { name: 'Log out' }).click();
    expect(await page.getByText('You are logged out.').count()).toBe(1);
    await page.goto(`${desk}/g/${c.guild.id}/cases/1`);
    expect(page.url()).not.toContain('/cases/1');
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('a moderator verifies the evidence and adds a note; an admin acknowledges the escalation, and the post in Discord shows it', async () => {
    const posted = world.fake.addMessage(c.channels.general.id, c.people.sam.id, 'EVIDENCE in the browser test');
    await world.run(c, c.people.mod.id, 'case', 'evidence', { case: 1, message_link: `https://discord.com/channels/${c.guild.id}/${c.channels.general.id}/${posted.id}` });
    await world.run(c, c.people.mod.id, 'case', 'escalate', { case: 1, reason: 'Please look' });
    const mod = await browserAs(c.people.mod.id);
    await mod.page.goto(`${desk}/g/${c.guild.id}/cases/1`);
    await mod.page.getByRole('button', { name: 'Verify the evidence' }).click();
    expect(await mod.page.locator('.verified').textContent()).toContain('intact');
    await mod.page.getByLabel('Add a staff note (never shown to the parties)').fill('Spoke to Alex <b>today</b>');
    await mod.page.getByRole('button', { name: 'Add note' }).click();
    expect(await mod.page.getByRole('status').textContent()).toBe('Note added.');
    expect(await mod.page.getByText('Spoke to Alex <b>today</b>').count()).toBe(1);
    expect(await mod.page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await mod.context.close();

    const admin = await browserAs(c.people.admin.id);
    await admin.page.goto(`${desk}/g/${c.guild.id}/cases/1`);
    await admin.page.getByRole('button', { name: 'Acknowledge' }).click();
    expect(await admin.page.getByRole('status').textContent()).toBe('Escalation acknowledged; the post in Discord says so too.');
    expect(await admin.page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    const post = world.fake.messagesIn(c.channels.escalations.id).at(-1)!;
    expect(JSON.stringify(post.components)).toContain('"disabled":true');
    await admin.context.close();
    expect(dialogs).toEqual([]);
  });

  it('a plain member is refused, and a moderator who is a party sees only the number of their case', async () => {
    const member = await browserAs(c.people.member.id);
    const refused = await member.page.goto(`${desk}/g/${c.guild.id}/cases`);
    expect(refused?.status()).toBe(403);
    expect(await member.page.getByRole('heading', { level: 1 }).textContent()).toBe('No access');
    await member.context.close();

    const party = await browserAs(c.people.mod2.id);
    await party.page.goto(`${desk}/g/${c.guild.id}/cases`);
    expect(await party.page.getByText('You are a party to this case').count()).toBe(1);
    expect(await party.page.getByText('About a moderator').count()).toBe(0);
    const own = await party.page.goto(`${desk}/g/${c.guild.id}/cases/3`);
    expect(own?.status()).toBe(403);
    await party.context.close();
    expect(dialogs).toEqual([]);
  });

  it('photographs the board and a case of the demo (npm run demo -- --web) for the README', async () => {
    await runDemo(() => undefined, {
      web: {
        keepOpen: async (deskUrl) => {
          const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 800 } });
          const page = await context.newPage();
          // The demo signs the browser in as its moderator, Mo.
          await page.goto(`${deskUrl}/login`);
          await page.waitForURL(`${deskUrl}/`);
          await page.getByRole('link', { name: 'Example Town' }).click();
          mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: resolve(SHOTS, 'desk-board.png'), fullPage: true });
          await page.getByRole('link', { name: '#1' }).click();
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Case #1: /);
          await page.screenshot({ path: resolve(SHOTS, 'desk-case.png'), fullPage: true });
          await context.close();
        },
      },
    });
    expect(existsSync(resolve(SHOTS, 'desk-board.png')) && existsSync(resolve(SHOTS, 'desk-case.png'))).toBe(true);
  }, 60_000);

  it('has no serious or critical accessibility violation on any page (axe-core)', async () => {
    const pages = [`${desk}/`, `${desk}/g/${c.guild.id}/cases`, `${desk}/g/${c.guild.id}/cases/1`, `${desk}/g/${c.guild.id}/stats`, `${desk}/g/${c.guild.id}/reports`, `${desk}/g/${c.guild.id}/cases/99`];
    const found: Record<string, string[]> = {};
    for (const url of pages) found[url] = (await axe(url, c.people.mod.id)).map((v) => `${v.id} (${v.impact})`);
    console.info(`axe, serious or critical: ${JSON.stringify(found)}`);
    expect(Object.values(found).flat()).toEqual([]);
    const refused = (await axe(`${desk}/g/${c.guild.id}/cases`, c.people.member.id)).map((v) => v.id);
    expect(refused).toEqual([]);
  });
});
