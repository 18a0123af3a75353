import { Writable } from 'node:stream';
import { Routes } from 'discord.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../commands/registry.js';
import { startBot, type RunningBot } from '../../src/bot.js';
import type { Config } from '../../src/config/config.js';
import { commandPayloads } from '../../src/discord/command-payloads.js';
import { createLogger } from '../../src/logging/logger.js';
import { createPrismaClient, type PrismaClient } from '../../src/persistence/prisma-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { createScratchPostgres, hasRealPostgres } from '../support/test-databases.js';
import { FakeDiscord, type InteractionHandle } from './fake-discord/index.js';
import type { OptionValue } from './fake-discord/interactions.js';
import { configureCommunity, seedCommunity, type Community } from './support/community.js';

const DB_PASSWORD = 'S3cret-pw';
const DB_DOWN = 'The case database is not reachable right now, so nothing was saved. Please try again in a minute.';
const THREADS_ROUTE = '/channels/{channel_id}/threads';
const POOL_SIZE = 40;

/**
 * The bot's database failing under it: PostgreSQL down when a command
 * arrives, restarted in the middle of a burst of /case open, lost between a
 * case's commit and the recording of its threads, a connection ended or
 * reset inside the /case open transaction, and restarted while every pooled
 * connection is inside a transaction. The bot runs in-process on the
 * real discord.js client against the local Discord API; its database
 * connections go through a TCP proxy that the tests cut, with a password in
 * the URL. Its logs are captured, to look for secrets in them.
 *
 * Rows are in order and share one bot: the last ones leave its pool broken.
 */
describe.runIf(hasRealPostgres())('the database failing under the bot, end to end', () => {
  let fake: FakeDiscord;
  let c: Community;
  let proxy: TcpProxy;
  let scratch: { url: string; drop(): Promise<void> };
  let bot: RunningBot;
  /** Straight to the scratch database, not through the proxy: what is really stored. */
  let db: PrismaClient;
  const logs: string[] = [];
  /** Every interaction answered, for the secrets check. */
  const handles: InteractionHandle[] = [];

  const run = async (userId: string, command: string, subcommand: string, options: Record<string, OptionValue>) => {
    const h = await fake
      .slash(userId, c.guild.id, command, { subcommand, channelId: c.channels.staffRoom.id, options })
      .settled({ timeoutMs: 15_000 });
    handles.push(h);
    return h;
  };
  const openCase = (complainant: string, accused: string) =>
    run(c.people.mod.id, 'case', 'open', { complainant, accused, category: 'stalking', summary: 'Keeps following them.' });
  const stored = async () => ({
    cases: await db.case.count({ where: { guildId: c.guild.id } }),
    parties: await db.party.count({ where: { guildId: c.guild.id } }),
    events: await db.caseEvent.count({ where: { guildId: c.guild.id } }),
  });
  /** The error the bot logged under the reference a reply quotes. */
  const loggedError = (reply: string): string => {
    const reference = /reference ([0-9a-f]{8})/.exec(reply)?.[1];
    const line = reference ? logs.find((l) => l.includes(`"reference":"${reference}"`)) : undefined;
    if (!line) return 'no logged error';
    const { err } = JSON.parse(line) as { err?: { type?: string; message?: string; code?: unknown } };
    return `${err?.type ?? '?'} ${typeof err?.code === 'string' ? err.code : ''}: ${err?.message ?? '?'}`;
  };
  const databaseName = () => new URL(scratch.url).pathname.slice(1);
  /** The bot's backends queued on a row lock (asked on another connection: in a transaction, pg_stat_activity is a snapshot). */
  const backendsWaitingOnALock = async () => {
    const rows = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${databaseName()} AND wait_event_type = 'Lock'`;
    return rows[0]?.n ?? 0;
  };
  const humans = (ids: readonly string[]) => ids.filter((id) => id !== fake.botUser.id).sort();
  /** Requests other than the interaction responses themselves. */
  const sideEffectsSince = (n: number) => fake.requests.slice(n).filter((q) => !q.path.startsWith('/interactions/') && !q.path.startsWith('/webhooks/'));

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    c = seedCommunity(fake, 'db-town');
    scratch = await createScratchPostgres();
    const target = new URL(scratch.url);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const through = new URL(proxy.url(scratch.url));
    through.username = 'postgres';
    through.password = DB_PASSWORD; // trust auth ignores it; it must not leak anywhere
    db = createPrismaClient(scratch.url, { poolSize: 2 });

    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(...chunk.toString().split('\n').filter((l) => l !== ''));
        done();
      },
    });
    const config: Config = {
      discord: { token: fake.token, clientId: fake.applicationId, devGuildId: undefined, apiUrl: fake.apiUrl },
      // Headroom over the burst of 20: each transaction cut by a restart leaks its pooled connection for good (the
      // last rows pin that bug down); with the default 10 the burst itself can end with some commands never answered.
      database: { url: through.toString(), dataDir: '', poolSize: POOL_SIZE },
      logLevel: 'debug',
    };
    // Short leases: a try cut by the outage is taken up again within a second, not thirty.
    bot = await startBot(config, createLogger('debug', destination), { runner: { leaseMs: 1_000, pollMs: 250 } });
    await bot.client.rest.put(Routes.applicationCommands(fake.applicationId), { body: commandPayloads(registry.commands) });
    await configureCommunity(fake, c);
  });
  afterAll(async () => {
    // Bounded: with connections leaked from the pool (see the last rows), closing the database never finishes.
    await within(2000, bot?.stop());
    await fake?.stop();
    await proxy?.stop();
    await db?.$disconnect();
    await scratch?.drop();
  });

  it('PostgreSQL down when /case open arrives: the moderator is told, nothing is stored or sent, and the next /case open works without a restart', async () => {
    const { alex, sam } = c.people;
    const before = await stored();
    const threadsBefore = fake.threadsUnder(c.channels.interviews.id).length;
    const requestsBefore = fake.requests.length;

    await proxy.down();
    const r = await openCase(alex.id, sam.id);
    expect(r.ephemeral).toBe(true);
    expect(r.reply?.content).toContain(DB_DOWN);
    await proxy.up();

    expect(await stored()).toEqual(before);
    expect(await db.guildCaseCounter.findUnique({ where: { guildId: c.guild.id } })).toBeNull(); // no number used up
    expect(fake.threadsUnder(c.channels.interviews.id)).toHaveLength(threadsBefore);
    expect(fake.dmsOf(alex.id)).toEqual([]);
    expect(fake.dmsOf(sam.id)).toEqual([]);
    expect(sideEffectsSince(requestsBefore)).toEqual([]);

    const again = await openCase(alex.id, sam.id);
    expect(again.reply?.content).toContain('Case #1 opened');
    const recorded = await db.case.findUniqueOrThrow({ where: { guildId_number: { guildId: c.guild.id, number: 1 } }, include: { parties: true } });
    expect(recorded.parties.every((p) => p.threadId !== null)).toBe(true);
    expect(fake.threadsUnder(c.channels.interviews.id)).toHaveLength(threadsBefore + 2);
  });

  it('PostgreSQL restarted in the middle of 20 concurrent /case open: every one is answered, no half case, no gap in the numbers, and the bot carries on', async () => {
    const BURST = 20;
    const pairs = Array.from({ length: BURST }, (_, i) => {
      const complainant = fake.addUser({ username: `db-town-complainant-${i}` });
      const accused = fake.addUser({ username: `db-town-accused-${i}` });
      fake.addMember(c.guild.id, complainant.id);
      fake.addMember(c.guild.id, accused.id);
      return { complainant: complainant.id, accused: accused.id };
    });
    const threadRequestsBefore = fake.requests.filter((q) => q.route === THREADS_ROUTE).length;
    const casesBefore = await db.case.count({ where: { guildId: c.guild.id } });

    const sent = pairs.map((p) =>
      fake.slash(c.people.mod.id, c.guild.id, 'case', {
        subcommand: 'open',
        channelId: c.channels.staffRoom.id,
        options: { complainant: p.complainant, accused: p.accused, category: 'harassment', summary: 'Burst.' },
      }),
    );
    // The restart: once the first few threads are being created (earlier cases committed, later ones queued
    // on the case counter or in flight), or after 2 s at the latest.
    const t0 = Date.now();
    while (fake.requests.filter((q) => q.route === THREADS_ROUTE).length - threadRequestsBefore < 3 && Date.now() - t0 < 2000) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    // A clean close (the client reads end-of-stream): a reset, or PostgreSQL's own 57P01, get the wrong reply
    // (see the rows on the connection lost inside a transaction).
    const cut = proxy.dropAll('close');
    const settled = await Promise.all(sent.map((h) => h.settled({ timeoutMs: 20_000 })));
    handles.push(...settled);

    // Every interaction got an answer, and only one of the two.
    const opened = new Map<number, { pair: (typeof pairs)[number]; reply: string }>();
    let downReplies = 0;
    settled.forEach((h, i) => {
      const content = h.reply?.content ?? '(no reply)';
      const m = /Case #(\d+) opened/.exec(content);
      if (m) opened.set(Number(m[1]), { pair: pairs[i]!, reply: content });
      else {
        expect(content, `reply ${i}, for ${loggedError(content)}`).toContain(DB_DOWN);
        downReplies += 1;
      }
    });
    console.info(
      `burst of ${BURST}: ${cut} connection(s) cut after ${Date.now() - t0} ms; ${opened.size} opened, ${downReplies} told the database was not reachable`,
    );
    expect(opened.size + downReplies).toBe(BURST);
    expect(cut).toBeGreaterThan(0);

    // No half case: every case has both its parties and its case_opened event; numbers 1..N, no gap, no duplicate.
    const cases = await db.case.findMany({ where: { guildId: c.guild.id }, include: { parties: true, events: true }, orderBy: { number: 'asc' } });
    expect(cases.map((k) => k.number)).toEqual(cases.map((_, i) => i + 1));
    for (const k of cases) {
      expect(k.parties.map((p) => p.role).sort(), `case #${k.number}`).toEqual(['accused', 'complainant']);
      expect(k.events.filter((e) => e.type === 'case_opened'), `case #${k.number}`).toHaveLength(1);
    }
    const counter = await db.guildCaseCounter.findUniqueOrThrow({ where: { guildId: c.guild.id } });
    expect(counter.lastNumber).toBe(cases.length);

    // Every case the moderator was told about is the one stored under that number, with a thread for each party
    // holding only that party and the moderator (or, if one could not be opened, the reply names it, as it does for a
    // thread Discord refuses).
    for (const [number, { pair, reply }] of opened) {
      const k = cases.find((x) => x.number === number)!;
      const party = (role: string) => k.parties.find((p) => p.role === role)!;
      expect(party('complainant').userId).toBe(pair.complainant);
      expect(party('accused').userId).toBe(pair.accused);
      for (const p of k.parties) {
        if (p.threadId === null) expect(reply, `case #${number} ${p.role}`).toMatch(new RegExp(`(No thread|Thread) for the ${p.role} <@${p.userId}>`));
        else expect(humans(fake.channel(p.threadId).memberIds)).toEqual([p.userId, c.people.mod.id].sort());
      }
      // A thread recording whose COMMIT reached PostgreSQL but whose answer was cut is recorded though the reply
      // could only say it was not: the reply never claims a thread the record lacks.
      expect(k.parties.filter((p) => p.threadId !== null).length, `case #${number}`).toBeGreaterThanOrEqual(threadsReplied(reply));
    }
    // Not asserted here (the rows below pin it down): cases stored although their reply said "nothing was saved",
    // and threads Discord created that no case records.
    const storedButDenied = cases.filter((k) => k.number > casesBefore && !opened.has(k.number)).length;
    const recordedThreads = new Set(cases.flatMap((k) => k.parties.map((p) => p.threadId)));
    const unrecordedThreads = fake.threadsUnder(c.channels.interviews.id).filter((t) => !recordedThreads.has(t.id)).length;
    console.info(`burst: ${storedButDenied} case(s) stored although told otherwise, ${unrecordedThreads} thread(s) not recorded yet`);

    // Nothing owed is lost: the threads queued by the outage are opened by the runner on its own, each once.
    await untilAsync(async () => (await db.owedAction.count({ where: { guildId: c.guild.id, status: 'pending', kind: { notIn: ['escalation.remind', 'checkin.send'] } } })) === 0, 30_000);
    const after = await db.case.findMany({ where: { guildId: c.guild.id }, include: { parties: true } });
    const threadsNow = fake.threadsUnder(c.channels.interviews.id);
    for (const k of after) {
      for (const p of k.parties) {
        expect(p.threadId, `case #${k.number} ${p.role}`).not.toBeNull();
        expect(humans(fake.channel(p.threadId!).memberIds)).toEqual([p.userId, c.people.mod.id].sort());
        expect(threadsNow.filter((t) => t.name === fake.channel(p.threadId!).name).map((t) => t.id), `one thread named ${fake.channel(p.threadId!).name}`).toEqual([p.threadId]);
      }
    }

    // And the bot carries on, on new connections, without a restart.
    const next = await openCase(c.people.robin.id, c.people.member.id);
    expect(next.reply?.content).toContain(`Case #${cases.length + 1} opened`);
  });

  describe('PostgreSQL lost after the case is recorded, while its two threads are being opened', () => {
    let reply = '';
    let number = 0;

    it('records the case with both parties, and Discord gets both threads with their party and the moderator', async () => {
      const { robin, alex, mod } = c.people;
      number = (await db.case.count({ where: { guildId: c.guild.id } })) + 1;
      const delayedBefore = fake.requests.filter((q) => q.route === THREADS_ROUTE && q.fault === 'delay').length;
      fake.faults.add({ method: 'POST', route: THREADS_ROUTE, kind: 'delay', ms: 300, times: 1 });
      const h = fake.slash(mod.id, c.guild.id, 'case', {
        subcommand: 'open',
        channelId: c.channels.staffRoom.id,
        options: { complainant: robin.id, accused: alex.id, category: 'stalking', summary: 'Between commit and threads.' },
      });
      // The first thread request is at Discord: the case transaction has committed.
      await until(() => fake.requests.filter((q) => q.route === THREADS_ROUTE && q.fault === 'delay').length > delayedBefore, 5000);
      await proxy.down();
      try {
        await h.settled({ timeoutMs: 15_000 });
      } finally {
        await proxy.up();
      }
      handles.push(h);
      reply = h.reply?.content ?? '(no reply)';
      console.info(`outage between commit and threads, reply: ${reply}`);

      const stored = await db.case.findUniqueOrThrow({
        where: { guildId_number: { guildId: c.guild.id, number } },
        include: { parties: true, events: true },
      });
      expect(stored.parties.map((p) => p.userId).sort()).toEqual([robin.id, alex.id].sort());
      expect(stored.events.filter((e) => e.type === 'case_opened')).toHaveLength(1);
      const threads = fake.threadsUnder(c.channels.interviews.id).filter((t) => t.name?.startsWith(`case-${number}-interview-`));
      expect(threads.map((t) => humans(t.memberIds)).sort()).toEqual([[robin.id, mod.id].sort(), [alex.id, mod.id].sort()].sort());
      // Once the database is back, the runner takes the owed threads up again: it finds Discord's threads by their
      // names and records them; no second thread.
      await untilAsync(async () => (await db.party.count({ where: { caseId: stored.id, threadId: null } })) === 0, 15_000);
      const recorded = await db.party.findMany({ where: { caseId: stored.id } });
      expect(recorded.map((p) => p.threadId).sort()).toEqual(threads.map((t) => t.id).sort());
      expect(fake.threadsUnder(c.channels.interviews.id).filter((t) => t.name?.startsWith(`case-${number}-interview-`))).toHaveLength(2);
    });

    // Was a bug: the database error after the case's commit reached the error boundary, whose text said "nothing was
    // saved" though case #N existed, so "try again" opened a second case.
    it('tells the moderator the case is saved and its threads are queued, not lost', () => {
      expect(reply).not.toContain('nothing was saved');
      expect(reply).toContain(`Case #${number} opened`);
      expect(reply).toContain('queued');
    });
  });

  describe('the connection lost while /case open waits inside its transaction', () => {
    const replies = { terminated: '', reset: '' };

    /** One /case open, held inside its transaction on the case counter's row lock, and its connection cut there. */
    const openCaseCutInTransaction = async (cut: () => Promise<unknown>) => {
      const lock = new pg.Client({ connectionString: scratch.url });
      await lock.connect();
      try {
        await lock.query('BEGIN');
        await lock.query('SELECT 1 FROM "GuildCaseCounter" WHERE "guildId" = $1 FOR UPDATE', [c.guild.id]);
        const h = fake.slash(c.people.mod.id, c.guild.id, 'case', {
          subcommand: 'open',
          channelId: c.channels.staffRoom.id,
          options: { complainant: c.people.robin.id, accused: c.people.sam.id, category: 'other', summary: 'Cut in its transaction.' },
        });
        await untilAsync(async () => (await backendsWaitingOnALock()) === 1, 5000);
        await cut();
        await lock.query('ROLLBACK');
        const r = await h.settled({ timeoutMs: 10_000 });
        handles.push(r);
        return r;
      } finally {
        await lock.end();
      }
    };

    it('PostgreSQL ends the backend (57P01, what a restart sends every client) or the connection is reset: the command is answered, nothing is stored', async () => {
      for (const kind of ['terminated', 'reset'] as const) {
        const before = await stored();
        const r = await openCaseCutInTransaction(async () => {
          if (kind === 'reset') proxy.dropAll('reset');
          else await db.$queryRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${databaseName()} AND wait_event_type = 'Lock'`;
        });
        replies[kind] = r.reply?.content ?? '(no reply)';
        console.info(`${kind} in the transaction: "${replies[kind].slice(0, 60)}…" for ${loggedError(replies[kind]).split('\n').at(-1)}`);
        expect(r.reply?.loading).toBe(false);
        expect(await stored()).toEqual(before);
      }
    });

    // Was a bug: the outage check knew neither error (P2010 "Raw query failed" with 57P01, or "Server has closed the
    // connection."), so the moderator read "Something went wrong on our side" instead of the database message. A restart
    // of PostgreSQL sends 57P01 to every connected client. Outages are told by their codes now (src/db/database-errors.ts).
    it('tells the moderator the database is not reachable when PostgreSQL ends the connection (57P01)', () => {
      expect(replies.terminated).toContain(DB_DOWN);
    });
    it('tells the moderator the database is not reachable when the connection is reset', () => {
      expect(replies.reset).toContain(DB_DOWN);
    });
  });

  describe('PostgreSQL restarted while every pooled connection is inside a /case open transaction', () => {
    const PENDING = POOL_SIZE + 5;
    let pending: InteractionHandle[] = [];

    it('cuts every live connection of the pool in the middle of a transaction, with more commands waiting for one', async () => {
      // Hold the case counter's row lock from outside the bot: every /case open queues on it, inside its transaction.
      const lock = new pg.Client({ connectionString: scratch.url });
      await lock.connect();
      try {
        await lock.query('BEGIN');
        await lock.query('SELECT 1 FROM "GuildCaseCounter" WHERE "guildId" = $1 FOR UPDATE', [c.guild.id]);
        pending = Array.from({ length: PENDING }, (_, i) => {
          const a = fake.addUser({ username: `db-town-pending-a${i}` });
          const b = fake.addUser({ username: `db-town-pending-b${i}` });
          fake.addMember(c.guild.id, a.id);
          fake.addMember(c.guild.id, b.id);
          return fake.slash(c.people.mod.id, c.guild.id, 'case', {
            subcommand: 'open',
            channelId: c.channels.staffRoom.id,
            options: { complainant: a.id, accused: b.id, category: 'other', summary: 'Queued on the counter.' },
          });
        });
        // Every connection the pool can still open is blocked on the lock (some may be gone already: see below).
        const settledDown = async () => {
          const n = await backendsWaitingOnALock();
          if (n === 0 || n !== proxy.connections) return false;
          await new Promise((resolve) => setTimeout(resolve, 200));
          return (await backendsWaitingOnALock()) === n && proxy.connections === n;
        };
        await untilAsync(settledDown, 10_000);
        const cut = proxy.dropAll();
        console.info(`pool restart: ${cut} connection(s) cut, all inside a transaction; ${PENDING - cut} command(s) waiting for a connection`);
        expect(cut).toBeGreaterThan(0);
        expect(cut).toBeLessThan(PENDING);
      } finally {
        await lock.query('ROLLBACK');
        await lock.end();
      }
    });

    // BUG: each cut transaction leaks its pooled connection: @prisma/client 6.19's transaction manager sends ROLLBACK
    // and only then releases the connection, so a failed ROLLBACK never releases it (src/persistence/prisma-client.ts
    // builds the adapter). The pool is used up: the commands waiting for a connection, and every later one, hang for
    // good (maxWait does not bound the wait for a connection in 6.19), until the bot restarts.
    it('answers every pending command and serves the next /case open without a restart', async () => {
      const answered = await Promise.all(pending.map((h) => h.settled({ timeoutMs: 6000 })));
      handles.push(...answered);
      for (const h of answered) {
        const content = h.reply?.content ?? '(no reply)';
        expect(/Case #\d+ opened/.test(content) || content.includes(DB_DOWN), content).toBe(true);
      }
      const next = await fake
        .slash(c.people.mod.id, c.guild.id, 'case', {
          subcommand: 'open',
          channelId: c.channels.staffRoom.id,
          options: { complainant: c.people.sam.id, accused: c.people.member.id, category: 'other', summary: 'After.' },
        })
        .settled({ timeoutMs: 6000 });
      expect(next.reply?.content).toMatch(/Case #\d+ opened/);
    });
  });

  it('leaks neither the database password nor the bot token into a log line, a reply or any message', () => {
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.some((l) => l.includes('interaction failed'))).toBe(true); // the failures above were logged
    expect(logs.some((l) => l.includes(`postgres:***@127.0.0.1:${proxy.port}`))).toBe(true); // the URL, redacted
    const recorded = [
      ...logs,
      ...handles.map((h) => JSON.stringify(h.messages)),
      ...[...fake.state.messages.values()].map((m) => JSON.stringify(m)),
      ...fake.requests.map((q) => JSON.stringify({ path: q.path, query: q.query, body: q.body, response: q.response })),
    ];
    for (const secret of [DB_PASSWORD, encodeURIComponent(DB_PASSWORD), fake.token]) {
      const leaks = recorded.filter((line) => line.includes(secret));
      expect(leaks, `"${secret.slice(0, 4)}…" leaked`).toEqual([]);
    }
  });
});

/** Resolves when `promise` does or after `ms`, whichever is first (for shutdowns that may never finish). */
async function within(ms: number, promise: Promise<unknown> | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** How many interview threads a /case open reply links. */
function threadsReplied(reply: string): number {
  return reply.split('\n').filter((line) => line.startsWith('- Interview thread for the ')).length;
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  await untilAsync(() => Promise.resolve(predicate()), timeoutMs);
}

async function untilAsync(predicate: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
