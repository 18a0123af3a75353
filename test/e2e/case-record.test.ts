import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from './fake-discord/index.js';
import { startWorld, type Community, type World } from './support/world.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The case record end to end: transcripts on close, evidence with hashes, related cases, hold and export, retention. */
describe('the case record, end to end', () => {
  let world: World;
  let c: Community;
  let fake: FakeDiscord;
  let cdn: Server;
  let cdnUrl = '';
  const prisma = () => world.bot.database.prisma;
  const staffPosts = () => fake.messagesIn(c.channels.staffRoom.id).filter((m) => m.authorId === fake.botUser.id && !m.ephemeral);

  beforeAll(async () => {
    // Stands in for Discord's CDN: the bot downloads attachments from here.
    cdn = createServer((req, res) => {
      if (req.url === '/proof.png') {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
        res.end(PNG);
      } else if (req.url === '/huge.bin') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }); // no length given: the limit holds while reading
        res.end(Buffer.alloc(9 * 1024 * 1024, 1));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
    cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
    world = await startWorld();
    c = world.community;
    fake = world.fake;
    await world.setUp(c, { case_log_channel: c.channels.staffRoom.id });
  });
  afterAll(async () => {
    await world?.stop();
    await new Promise((resolve) => cdn?.close(resolve));
  });

  it('keeps an uploaded file as evidence with its SHA-256, refuses one over the limit, and keeps a message by its link', async () => {
    const { mod, alex, sam } = c.people;
    await world.run(c, mod.id, 'case', 'open', { complainant: alex.id, accused: sam.id, category: 'harassment', summary: 'Evidence case.' });
    const upload = fake.addUpload({ filename: 'proof.png', size: PNG.length, url: `${cdnUrl}/proof.png`, contentType: 'image/png' });
    const kept = await world.run(c, mod.id, 'case', 'evidence', { case: 1, file: { type: 11, value: upload }, note: 'Screenshot of the DMs' });
    expect(kept.reply?.content).toContain('Kept as evidence E1 of case #1');
    expect(kept.reply?.content).toContain(sha256(PNG));

    const huge = fake.addUpload({ filename: 'huge.bin', size: 100, url: `${cdnUrl}/huge.bin` }); // says it is small
    const refused = await world.run(c, mod.id, 'case', 'evidence', { case: 1, file: { type: 11, value: huge } });
    expect(refused.reply?.content).toContain('too large');

    const said = fake.addMessage(c.channels.general.id, sam.id, 'EVIDENCE-MESSAGE: you will regret this');
    const link = `https://discord.com/channels/${c.guild.id}/${c.channels.general.id}/${said.id}`;
    const byLink = await world.run(c, mod.id, 'case', 'evidence', { case: 1, message_link: link });
    expect(byLink.reply?.content).toContain('E2');
    const foreign = await world.run(c, mod.id, 'case', 'evidence', { case: 1, message_link: `https://discord.com/channels/123456789012345678/${c.channels.general.id}/${said.id}` });
    expect(foreign.reply?.content).toContain('not a link to a message on this server');

    const stored = await prisma().evidence.findMany({ where: { guildId: c.guild.id }, orderBy: { number: 'asc' } });
    expect(stored.map((e) => [e.number, e.kind, e.size])).toEqual([
      [1, 'file', PNG.length],
      [2, 'message', stored[1]!.size],
    ]);
    expect(Buffer.from(stored[0]!.bytes!).equals(PNG)).toBe(true);
    expect(Buffer.from(stored[1]!.bytes!).toString()).toContain('EVIDENCE-MESSAGE');
  });

  it('/case verify finds every item intact, then finds the one tampered with in the database', async () => {
    const ok = await world.run(c, c.people.mod.id, 'case', 'verify', { case: 1 });
    expect(ok.reply?.content).toContain('All 2 evidence items of case #1 are intact');
    await prisma().$executeRawUnsafe(`UPDATE "Evidence" SET "bytes" = '\\x00'::bytea WHERE "guildId" = '${c.guild.id}' AND "number" = 1`);
    const bad = await world.run(c, c.people.mod.id, 'case', 'verify', { case: 1 });
    expect(bad.reply?.content).toContain('1 of 2 evidence items of case #1 do not match');
    expect(bad.reply?.content).toContain('E1 proof.png: **CHANGED');
  });

  it('closing copies both interview threads into the record and posts the transcript as HTML and Markdown, with content escaped', async () => {
    const { mod, alex, sam } = c.people;
    const threads = fake.threadsUnder(c.channels.interviews.id);
    const alexThread = threads.find((t) => t.memberIds.includes(alex.id))!;
    fake.addMessage(alexThread.id, alex.id, 'TRANSCRIPT-LINE <script>alert(1)</script> @everyone');
    await world.run(c, mod.id, 'case', 'addside', { case: 1, party: alex.id, statement: 'Side A' });
    await world.run(c, mod.id, 'case', 'addside', { case: 1, party: sam.id, statement: 'Side B' });
    const before = staffPosts().length;
    const closed = await world.run(c, mod.id, 'case', 'close', { case: 1, outcome: 'advised_self_help', reason: 'Both advised.' });
    expect(closed.reply?.content).toContain('posted in');

    const [post] = staffPosts().slice(before);
    expect(post?.notifiedUserIds).toEqual([]);
    const files = (post?.json.attachments as { filename: string }[] | undefined)?.map((a) => a.filename);
    expect(files).toEqual(['case-1-transcript.html', 'case-1-transcript.md']);
    const request = fake.requests.filter((r) => r.files === 2).at(-1);
    expect(request?.status).toBe(200);

    const copied = await prisma().transcriptMessage.findMany({ where: { guildId: c.guild.id } });
    expect(copied.some((m) => m.content.includes('TRANSCRIPT-LINE'))).toBe(true);
    expect(new Set(copied.map((m) => m.threadId)).size).toBe(2); // both threads
  });

  it('shows related cases: the same two people with the roles reversed, the guide\'s falling-out pattern', async () => {
    const { mod, alex, sam } = c.people;
    const reversed = await world.run(c, mod.id, 'case', 'open', { complainant: sam.id, accused: alex.id, category: 'harassment', summary: 'Now Sam complains about Alex.' });
    expect(reversed.reply?.content).toContain('**Related cases** (staff only)');
    expect(reversed.reply?.content).toContain('#1 (Closed: Advised self-help) · the same two people, roles reversed');
    expect(reversed.reply?.content).toContain('complained about each other before');
    const view = await world.run(c, mod.id, 'case', 'view', { case: 2 });
    expect(JSON.stringify(view.reply?.embeds)).toContain('roles reversed');
    // Never shown to the parties.
    for (const who of [alex, sam]) {
      const seen = JSON.stringify(fake.visibleTo(who.id).messages.map((m) => m.json));
      expect(seen).not.toContain('Related cases');
      expect(seen).not.toContain('roles reversed');
    }
  });

  it('admins only: /case hold and /case export (everything stored, as a file only the admin sees)', async () => {
    const { mod, admin } = c.people;
    const notAdmin = await world.run(c, mod.id, 'case', 'export', { case: 1 });
    expect(notAdmin.reply?.content).toContain('Only members with the admin');
    const held = await world.run(c, admin.id, 'case', 'hold', { case: 1 });
    expect(held.reply?.content).toContain('legal hold');
    const exported = await world.run(c, admin.id, 'case', 'export', { case: 1 });
    expect(exported.ephemeral).toBe(true);
    expect(exported.reply?.content).toContain('everything stored about it');
    const patch = fake.requests.filter((r) => r.method === 'PATCH' && r.files === 1).at(-1);
    expect(patch?.status).toBe(200);
    expect((await prisma().case.findFirstOrThrow({ where: { guildId: c.guild.id, number: 1 } })).legalHold).toBe(true);
  });

  it('the retention sweep deletes expired closed cases but not one on legal hold, and logs the deletion without personal content', async () => {
    const { mod } = c.people;
    await world.setUp(c, { case_log_channel: c.channels.staffRoom.id, retention_days: 30 });
    await world.run(c, mod.id, 'case', 'close', { case: 2, outcome: 'no_action', reason: 'Nothing more.', one_sided_reason: 'Old.' });
    // Both closed cases closed "40 days ago".
    await prisma().case.updateMany({ where: { guildId: c.guild.id, status: 'closed' }, data: { closedAt: new Date(Date.now() - 40 * 24 * 3600 * 1000) } });
    const { sweepRetention } = await import('../../src/services/retention.js');
    const outcome = await sweepRetention(world.bot.deps);

    expect(outcome.deleted).toBe(1);
    const left = await prisma().case.findMany({ where: { guildId: c.guild.id }, select: { number: true } });
    expect(left.map((k) => k.number)).toEqual([1]); // held
    const log = await prisma().retentionLog.findMany({ where: { guildId: c.guild.id } });
    expect(log).toEqual([expect.objectContaining({ caseNumber: 2, retentionDays: 30 })]);
    expect(Object.keys(log[0]!).sort()).toEqual(['caseNumber', 'closedAt', 'deletedAt', 'guildId', 'id', 'retentionDays']);
    expect(await prisma().caseEvent.count({ where: { guildId: c.guild.id, case: { number: 2 } } })).toBe(0);
  });

  it('sent no request the spec rejects', () => {
    fake.assertNoViolations();
  });
});
