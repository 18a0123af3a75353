import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/web/desk.js';
import { Browser } from './support/http-browser.js';
import { startWorld, type Community, type World } from './support/world.js';


const csrfOf = (page: string): string => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

/** The numbers of the cases a board page links to, in order. */
const casesOnBoard = async (res: Response): Promise<string[]> => [...(await res.text()).matchAll(/href="\/g\/\d+\/cases\/(\d+)"/g)].map((m) => m[1]!);

/**
 * The case desk over HTTP: login with Discord through the local Discord
 * API's OAuth2, who may see which server and case, the wall of recusal,
 * hostile text shown as text, CSRF, forged and ended sessions.
 */
describe('the case desk, over HTTP', () => {
  let world: World;
  let c: Community;
  let desk: string;
  const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

  async function loggedIn(userId: string): Promise<Browser> {
    const b = new Browser();
    world.fake.oauth.authorizeAs(userId);
    const home = await b.follow(`${desk}/login`);
    expect(home.status).toBe(200);
    return b;
  }

  beforeAll(async () => {
    world = await startWorld({ desk: true, bot: { desk: { accessTtlMs: 300 } } });
    c = world.community;
    desk = world.bot.deskUrl!;
    await world.setUp(c, { community_name: 'Example Town' });
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.alex.id, accused: c.people.sam.id, category: 'stalking', summary: `Follows Alex ${HOSTILE}` });
    await world.run(c, c.people.mod.id, 'case', 'addside', { case: 1, party: c.people.alex.id, statement: `My side ${HOSTILE}` });
    // A case the second moderator is a party to.
    await world.run(c, c.people.mod.id, 'case', 'open', { complainant: c.people.mod2.id, accused: c.people.sam.id, category: 'harassment', summary: 'About mod2' });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('answers /healthz with the database and the gateway up, and no personal data', async () => {
    const res = await fetch(`${desk}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ database: 'up', gateway: 'up' });
  });

  it('logs a moderator in with Discord (state bound to the browser) and lists the server', async () => {
    const b = await loggedIn(c.people.mod.id);
    expect(b.cookie('bs_session')).toBeDefined();
    const home = await b.get(`${desk}/`);
    const text = await home.text();
    expect(text).toContain(`/g/${c.guild.id}/cases`);
    expect(text).toContain('Example Town');
    expect(home.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(text).not.toContain('<script');
    const setCookie = (await new Browser().get(`${desk}/login`)).headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it('refuses a callback whose state is not the one this browser was given', async () => {
    world.fake.oauth.authorizeAs(c.people.mod.id);
    const a = new Browser();
    const toDiscord = await a.get(`${desk}/login`);
    const approved = await fetch(toDiscord.headers.get('location')!, { redirect: 'manual' });
    const callback = approved.headers.get('location')!;
    // Another browser (the attacker's link) cannot complete it.
    const other = await new Browser().get(callback);
    expect(other.status).toBe(400);
    expect(other.headers.getSetCookie().join('')).not.toContain('bs_session');
  });

  it('shows the board and the case to staff, with hostile text as text', async () => {
    const b = await loggedIn(c.people.mod.id);
    const board = await (await b.get(`${desk}/g/${c.guild.id}/cases`)).text();
    expect(board).toContain(`href="/g/${c.guild.id}/cases/1"`);
    expect(board).toContain('Stalking');
    const page = await b.get(`${desk}/g/${c.guild.id}/cases/1`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('My side &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<img');
    expect(text).toContain(`https://discord.com/channels/${c.guild.id}/`);
  });

  it('shows on the case page the sides heard, the related cases and, once copied, the transcript of the threads', async () => {
    const b = await loggedIn(c.people.mod.id);
    const before = await (await b.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect(before).toContain('Sides heard: 1 of 2');
    expect(before).toMatch(/<a href="\/g\/\d+\/cases\/2">#2 \(Open\) · /);
    expect(before).toContain('Not copied yet');
    await world.run(c, c.people.mod.id, 'case', 'transcript', { case: 1 });
    const after = await (await b.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect(after).toContain('Transcript of the interview threads');
    expect(after).toMatch(/<ol class="transcript"><li>/);
    expect(after).not.toContain('Not copied yet');
  });

  it('filters the board by category, flag, unacknowledged escalations, staleness and member, keeping the filters while paging', async () => {
    const b = await loggedIn(c.people.mod.id);
    const board = async (query: string) => casesOnBoard(await b.get(`${desk}/g/${c.guild.id}/cases${query}`));
    expect(await board('?category=stalking')).toEqual(['1']);
    expect(await board('?category=harassment')).toEqual(['2']);
    expect(await board('?flag=real_life')).toEqual([]);
    expect(await board('?stale=1')).toEqual([]);
    expect(await board(`?member=${c.people.alex.id}`)).toEqual(['1']);
    const found = await b.get(`${desk}/g/${c.guild.id}/cases/find?q=${encodeURIComponent(`<@${c.people.sam.id}>`)}`);
    expect(found.headers.get('location')).toBe(`/g/${c.guild.id}/cases?member=${c.people.sam.id}`);
  });

  it('answers in the browser\'s language', async () => {
    const b = await loggedIn(c.people.mod.id);
    const board = await (await b.get(`${desk}/g/${c.guild.id}/cases`, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' })).text();
    expect(board).toContain('Fälle von Example Town');
    expect(board).toContain('<html lang="de">');
  });

  it('a moderator who is a party sees only the number on the board, and 403 on its page', async () => {
    const b = await loggedIn(c.people.mod2.id);
    const board = await (await b.get(`${desk}/g/${c.guild.id}/cases`)).text();
    expect(board).toContain('#2');
    expect(board).not.toContain(`cases/2"`);
    expect(board).not.toContain('About mod2');
    const page = await b.get(`${desk}/g/${c.guild.id}/cases/2`);
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain('About mod2');
  });

  it('gives a plain member, and an unknown server, the same 403 without any case data', async () => {
    const member = await loggedIn(c.people.member.id);
    const mine = await member.get(`${desk}/g/${c.guild.id}/cases/1`);
    const unknown = await member.get(`${desk}/g/123456789012345678/cases`);
    expect(mine.status).toBe(403);
    expect(unknown.status).toBe(403);
    const withoutToken = (html: string) => html.replace(/name="_csrf" value="[^"]+"/, '');
    const [a, b2] = [withoutToken(await mine.text()), withoutToken(await unknown.text())];
    expect(a).not.toContain('Follows Alex');
    expect(a).toBe(b2);
  });

  it('a party (not staff) never reaches the desk', async () => {
    const alex = await loggedIn(c.people.alex.id);
    expect((await alex.get(`${desk}/g/${c.guild.id}/cases`)).status).toBe(403);
  });

  it('nothing of another server is reached by changing ids', async () => {
    const other = world.addCommunity('other-town');
    await world.setUp(other);
    await world.run(other, other.people.mod.id, 'case', 'open', { complainant: other.people.alex.id, accused: other.people.sam.id, category: 'other', summary: 'OTHER-TOWN SECRET' });
    const b = await loggedIn(c.people.mod.id);
    const res = await b.get(`${desk}/g/${other.guild.id}/cases/1`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('OTHER-TOWN SECRET');
  });

  it('a removed staff role loses the desk once the cached roles run out', async () => {
    const b = await loggedIn(c.people.mod.id);
    expect((await b.get(`${desk}/g/${c.guild.id}/cases`)).status).toBe(200);
    const member = world.fake.state.member(c.guild.id, c.people.mod.id)!;
    const before = [...member.roles];
    member.roles = member.roles.filter((r) => r !== c.roles.staff.id);
    try {
      await new Promise((r) => setTimeout(r, 400));
      expect((await b.get(`${desk}/g/${c.guild.id}/cases`)).status).toBe(403);
    } finally {
      member.roles = before;
      // And given back, it comes back as soon as the cached roles run out.
      await new Promise((r) => setTimeout(r, 400));
    }
    expect((await b.get(`${desk}/g/${c.guild.id}/cases`)).status).toBe(200);
  });

  it('refuses a POST without the CSRF token, and logs out with it; forged and ended sessions are no sessions', async () => {
    const b = await loggedIn(c.people.mod.id);
    const session = b.cookie('bs_session')!;
    expect((await b.post(`${desk}/logout`, {})).status).toBe(403);
    const home = await (await b.get(`${desk}/`)).text();
    const out = await b.post(`${desk}/logout`, { _csrf: csrfOf(home) });
    expect(out.status).toBe(302);
    // The ended session, replayed, and a forged one.
    const replay = new Browser();
    replay.setCookie('bs_session', session);
    expect((await replay.get(`${desk}/g/${c.guild.id}/cases`)).status).toBe(302);
    const forged = new Browser();
    forged.setCookie('bs_session', `${session.slice(0, -3)}abc`);
    expect((await forged.get(`${desk}/g/${c.guild.id}/cases`)).headers.get('location')).toBe('/login');
  });

  it('adds a staff note through the same service, recorded with the web as its source; hostile text stays text; refused without CSRF or to a party', async () => {
    const b = await loggedIn(c.people.mod.id);
    const page = await (await b.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect((await b.post(`${desk}/g/${c.guild.id}/cases/1/notes`, { text: 'no token' })).status).toBe(403);
    const added = await b.post(`${desk}/g/${c.guild.id}/cases/1/notes`, { _csrf: csrfOf(page), text: `Called Alex ${HOSTILE}` });
    expect(added.status).toBe(303);
    const after = await (await b.follow(new URL(added.headers.get('location')!, desk).toString())).text();
    expect(after).toContain('Note added.');
    expect(after).toContain('Called Alex &lt;script&gt;');
    const prisma = world.bot.database.prisma;
    const event = await prisma.caseEvent.findFirstOrThrow({ where: { guildId: c.guild.id, type: 'note_added' } });
    expect(event).toMatchObject({ actorId: c.people.mod.id, data: { source: 'web' } });
    expect(await prisma.note.count({ where: { guildId: c.guild.id } })).toBe(1);
    const empty = await b.post(`${desk}/g/${c.guild.id}/cases/1/notes`, { _csrf: csrfOf(after), text: '   ' });
    expect(empty.status).toBe(400);
    expect(await prisma.note.count({ where: { guildId: c.guild.id } })).toBe(1);

    const party = await loggedIn(c.people.mod2.id);
    const home = await (await party.get(`${desk}/`)).text();
    const refused = await party.post(`${desk}/g/${c.guild.id}/cases/2/notes`, { _csrf: csrfOf(home), text: 'my own case' });
    expect(refused.status).toBe(403);
    expect(await prisma.note.count({ where: { guildId: c.guild.id } })).toBe(1);
  });

  it('verifies the evidence of a case: every item hashed again, recorded with the web as its source', async () => {
    const posted = world.fake.addMessage(c.channels.general.id, c.people.sam.id, 'EVIDENCE: the message');
    await world.run(c, c.people.mod.id, 'case', 'evidence', { case: 1, message_link: `https://discord.com/channels/${c.guild.id}/${c.channels.general.id}/${posted.id}` });
    const b = await loggedIn(c.people.mod.id);
    const page = await (await b.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect(page).toContain('Verify the evidence');
    const verified = await b.post(`${desk}/g/${c.guild.id}/cases/1/verify`, { _csrf: csrfOf(page) });
    expect(verified.status).toBe(200);
    expect(await verified.text()).toMatch(/E1 · [^:]+: <strong>intact<\/strong>/);
    const event = await world.bot.database.prisma.caseEvent.findFirstOrThrow({ where: { guildId: c.guild.id, type: 'evidence_verified' } });
    expect(event.data).toMatchObject({ items: 1, problems: [], source: 'web' });
  });

  it('an admin acknowledges an escalation from the desk: the same service, recorded from the web, and the post in Discord marked; staff cannot', async () => {
    await world.run(c, c.people.mod.id, 'case', 'escalate', { case: 1, reason: 'Please look' });
    const prisma = world.bot.database.prisma;
    const escalation = await prisma.escalation.findFirstOrThrow({ where: { guildId: c.guild.id } });
    const staff = await loggedIn(c.people.mod.id);
    const staffPage = await (await staff.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect(staffPage).not.toContain('/acknowledge"');
    const byStaff = await staff.post(`${desk}/g/${c.guild.id}/cases/1/escalations/${escalation.id}/acknowledge`, { _csrf: csrfOf(staffPage) });
    expect(byStaff.status).toBe(403);
    expect((await prisma.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).acknowledgedById).toBeNull();

    const admin = await loggedIn(c.people.admin.id);
    const unacknowledged = async () => casesOnBoard(await admin.get(`${desk}/g/${c.guild.id}/cases?unacknowledged=1`));
    expect(await unacknowledged()).toEqual(['1']);
    const page = await (await admin.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect(page).toContain(`/escalations/${escalation.id}/acknowledge`);
    const done = await admin.post(`${desk}/g/${c.guild.id}/cases/1/escalations/${escalation.id}/acknowledge`, { _csrf: csrfOf(page) });
    expect(done.status).toBe(303);
    expect((await prisma.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).acknowledgedById).toBe(c.people.admin.id);
    const event = await prisma.caseEvent.findFirstOrThrow({ where: { guildId: c.guild.id, type: 'escalation_acknowledged' } });
    expect(event.data).toMatchObject({ escalationId: escalation.id, source: 'web' });
    const post = world.fake.messagesIn(c.channels.escalations.id).at(-1)!;
    expect(JSON.stringify(post.embeds)).toContain(`<@${c.people.admin.id}>`);
    expect(JSON.stringify(post.components)).toContain('"disabled":true');
    expect(await unacknowledged()).toEqual([]);
    // Twice: already done, nothing changes.
    const again = await admin.post(`${desk}/g/${c.guild.id}/cases/1/escalations/${escalation.id}/acknowledge`, { _csrf: csrfOf(page) });
    expect(again.status).toBe(400);
    expect(await prisma.caseEvent.count({ where: { guildId: c.guild.id, type: 'escalation_acknowledged' } })).toBe(1);
  });

  it('shows the figures of /case stats as server-drawn charts, to staff only', async () => {
    const b = await loggedIn(c.people.mod.id);
    const res = await b.get(`${desk}/g/${c.guild.id}/stats`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Figures of Example Town');
    expect(text).toContain('Last 30 days');
    expect(text).toContain('<svg role="img" aria-label="Cases opened, by category: Stalking 1, Harassment 1');
    expect(text).not.toMatch(/ style=/);
    expect(text).not.toMatch(/<script/);
    const member = await loggedIn(c.people.member.id);
    expect((await member.get(`${desk}/g/${c.guild.id}/stats`)).status).toBe(403);
  });

  it('lists the reports waiting for staff, read-only, with what the reporter wrote as text', async () => {
    const { robin, sam } = c.people;
    const menu = await world.fake.userContext(robin.id, c.guild.id, 'Report user', sam.id, { channelId: c.channels.general.id }).settled();
    await world.fake
      .modalSubmit(robin.id, String(menu.modal!.custom_id), { what: `REPORTED ${HOSTILE}`, since: 'today', elsewhere: 'no', real_life: 'no', other: '' }, { from: menu })
      .settled({ timeoutMs: 10_000 });
    const b = await loggedIn(c.people.mod.id);
    const res = await b.get(`${desk}/g/${c.guild.id}/reports`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('1 report is waiting for staff.');
    expect(text).toContain('REPORTED &lt;script&gt;');
    expect(text).not.toContain('<script>');
    const member = await loggedIn(c.people.member.id);
    const refused = await member.get(`${desk}/g/${c.guild.id}/reports`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('REPORTED');
  });

  it('serves /metrics as Prometheus text: commands by name and result, REST by route, owed work, the gateway; no personal data', async () => {
    const res = await fetch(`${desk}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/bothsides_commands_total\{command="case open",result="ok"\} [1-9]/);
    expect(text).toMatch(/bothsides_command_seconds_bucket\{le="[^"]+",command="case open"\}/);
    expect(text).toMatch(/bothsides_discord_requests_total\{route="\/channels\/:id\/threads",status="201"\} [1-9]/);
    expect(text).toMatch(/bothsides_owed_actions_pending \d+/);
    expect(text).toMatch(/bothsides_owed_actions_lag_seconds [\d.]+/);
    expect(text).toMatch(/bothsides_gateway_ping_ms -?\d+/);
    expect(text).toMatch(/bothsides_database_pool_connections\{state="open"\} [1-9]/);
    expect(text).toMatch(/bothsides_database_pool_connections\{state="waiting"\} \d+/);
    expect(text).toContain('bothsides_process_resident_memory_bytes');
    for (const person of [c.people.mod.id, c.people.alex.id, c.people.sam.id, c.guild.id, 'Example Town', 'Follows Alex']) expect(text).not.toContain(person);
  });

  it('admins put a case on legal hold and export it from the desk (recorded from the web); staff cannot', async () => {
    const prisma = world.bot.database.prisma;
    const staff = await loggedIn(c.people.mod.id);
    const staffPage = await (await staff.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect(staffPage).not.toContain('/export"');
    expect((await staff.post(`${desk}/g/${c.guild.id}/cases/1/export`, { _csrf: csrfOf(staffPage) })).status).toBe(403);
    expect((await staff.post(`${desk}/g/${c.guild.id}/cases/1/hold`, { _csrf: csrfOf(staffPage), hold: '1' })).status).toBe(403);

    const admin = await loggedIn(c.people.admin.id);
    const page = await (await admin.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect((await admin.post(`${desk}/g/${c.guild.id}/cases/1/hold`, { _csrf: csrfOf(page), hold: '1' })).status).toBe(303);
    expect((await prisma.case.findFirstOrThrow({ where: { guildId: c.guild.id, number: 1 } })).legalHold).toBe(true);
    const held = await (await admin.get(`${desk}/g/${c.guild.id}/cases/1`)).text();
    expect(held).toContain('on legal hold');
    const exported = await admin.post(`${desk}/g/${c.guild.id}/cases/1/export`, { _csrf: csrfOf(held) });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="case-1.json"');
    const body = (await exported.json()) as { format: string; case: { number: number } };
    expect(body).toMatchObject({ format: 'bothsides-case-export', case: { number: 1 } });
    const events = await prisma.caseEvent.findMany({ where: { guildId: c.guild.id, type: { in: ['legal_hold_set', 'case_exported'] } } });
    expect(events.map((e) => [e.type, (e.data as { source?: string }).source])).toEqual([
      ['legal_hold_set', 'web'],
      ['case_exported', 'web'],
    ]);
  });

  it('ends a session after 12 hours without use', async () => {
    const b = await loggedIn(c.people.mod.id);
    expect((await b.get(`${desk}/g/${c.guild.id}/cases`)).status).toBe(200);
    const prisma = world.bot.database.prisma;
    const before = await prisma.webSession.count();
    // Twelve hours and a minute since this session's last request (the newest row is this browser's).
    const mine = await prisma.webSession.findFirstOrThrow({ orderBy: { lastSeenAt: 'desc' } });
    await prisma.webSession.update({ where: { id: mine.id }, data: { lastSeenAt: new Date(Date.now() - (12 * 60 + 1) * 60_000) } });
    const res = await b.get(`${desk}/g/${c.guild.id}/cases`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    expect(await prisma.webSession.count()).toBe(before - 1);
  });

  it('never stored the session token itself', async () => {
    const b = await loggedIn(c.people.mod.id);
    const token = decodeURIComponent(b.cookie('bs_session')!).split('.')[0]!;
    const rows = await world.bot.database.prisma.webSession.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id === token)).toBe(false);
  });
});
