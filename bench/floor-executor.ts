/**
 * The floor: what the hardware allows for the same work without the bot.
 * Each command does the same database writes (and the reads it needs) with
 * `pg` in ONE transaction, and sends the same REST requests the bot sent for
 * it in the probe, with plain HTTP (fetch), ids rewritten to the new
 * threads, messages and interaction. No discord.js, no Prisma, no services.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RecordedRequest } from '../test/e2e/fake-discord/index.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchWorld } from './bench-world.js';
import type { Probe } from './probe.js';
import type { CommandName, Executor, LaneCase } from './workload.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

export class FloorExecutor implements Executor {
  private readonly pool: pg.Pool;
  private readonly guildId: string;

  constructor(
    private readonly world: BenchWorld,
    db: BenchDatabase,
    private readonly probe: Probe,
  ) {
    this.pool = new pg.Pool({ connectionString: db.url, max: db.poolSize });
    this.pool.on('error', (error) => console.error('bench: floor connection lost:', error.message));
    this.guildId = world.community.guild.id;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async open(lane: number, complainant: string, accused: string): Promise<LaneCase> {
    let number = 0;
    await this.command('open', lane, async (tx, created) => {
      const [threadA, threadB] = created.filter((r) => r.type === 12).map((r) => r.id);
      await this.settings(tx);
      const counter = await tx.query<{ lastNumber: number }>(
        `INSERT INTO "GuildCaseCounter" ("guildId", "lastNumber") VALUES ($1, 1)
         ON CONFLICT ("guildId") DO UPDATE SET "lastNumber" = "GuildCaseCounter"."lastNumber" + 1 RETURNING "lastNumber"`,
        [this.guildId],
      );
      number = counter.rows[0]?.lastNumber ?? 0;
      const moderator = this.moderator(lane);
      const theCase = await tx.query<{ id: string }>(
        `INSERT INTO "Case" ("id", "guildId", "number", "category", "summary", "openedById", "updatedAt")
         VALUES (gen_random_uuid()::text, $1, $2, 'harassment', $3, $4, now()) RETURNING "id"`,
        [this.guildId, number, `Lane ${lane}: keeps following them from channel to channel.`, moderator],
      );
      const caseId = theCase.rows[0]?.id;
      await tx.query(
        `INSERT INTO "Party" ("id", "guildId", "caseId", "userId", "role", "position", "threadId") VALUES
         (gen_random_uuid()::text, $1, $2, $3, 'complainant', 1, $5), (gen_random_uuid()::text, $1, $2, $4, 'accused', 2, $6)`,
        [this.guildId, caseId, complainant, accused, threadA ?? null, threadB ?? null],
      );
      for (const type of ['case_opened', 'thread_created', 'thread_created']) await this.event(tx, caseId, moderator, type);
    });
    return { number, parties: [complainant, accused] };
  }

  async addside(lane: number, c: LaneCase, party: string, statement: string): Promise<void> {
    await this.command('addside', lane, async (tx) => {
      await this.settings(tx);
      const parties = await this.caseWithParties(tx, c.number);
      const caseId = parties[0]?.caseId;
      const partyId = parties.find((p) => p.userId === party)?.partyId;
      await tx.query(
        `INSERT INTO "Statement" ("id", "guildId", "caseId", "partyId", "recordedById", "text", "source")
         VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, 'moderator_entry')`,
        [this.guildId, caseId, partyId, this.moderator(lane), statement],
      );
      await tx.query(`UPDATE "Case" SET "status" = 'interviewing', "updatedAt" = now() WHERE "id" = $1 AND "guildId" = $2 AND "status" = 'open'`, [caseId, this.guildId]);
      await this.event(tx, caseId, this.moderator(lane), 'statement_recorded');
    });
  }

  async escalate(lane: number, c: LaneCase): Promise<void> {
    await this.command('escalate', lane, async (tx, created) => {
      await this.settings(tx);
      const parties = await this.caseWithParties(tx, c.number);
      const caseId = parties[0]?.caseId;
      const escalation = await tx.query<{ id: string }>(
        `INSERT INTO "Escalation" ("id", "guildId", "caseId", "escalatedById", "reason") VALUES (gen_random_uuid()::text, $1, $2, $3, $4) RETURNING "id"`,
        [this.guildId, caseId, this.moderator(lane), 'I am uncomfortable handling this alone'],
      );
      await tx.query(`UPDATE "Case" SET "status" = 'escalated', "updatedAt" = now() WHERE "id" = $1 AND "guildId" = $2`, [caseId, this.guildId]);
      await this.event(tx, caseId, this.moderator(lane), 'case_escalated');
      await tx.query(`SELECT "partyId", count(*) FROM "Statement" WHERE "guildId" = $1 AND "caseId" = $2 GROUP BY "partyId"`, [this.guildId, caseId]);
      const notice = created.find((r) => r.type === 0);
      await tx.query(`UPDATE "Escalation" SET "channelId" = $3, "messageId" = $4 WHERE "id" = $1 AND "guildId" = $2`, [
        escalation.rows[0]?.id,
        this.guildId,
        notice?.channelId ?? null,
        notice?.id ?? null,
      ]);
    });
  }

  async view(lane: number, c: LaneCase): Promise<void> {
    await this.command('view', lane, async (tx) => {
      await this.settings(tx);
      const theCase = await tx.query<{ id: string }>(`SELECT * FROM "Case" WHERE "guildId" = $1 AND "number" = $2`, [this.guildId, c.number]);
      const caseId = theCase.rows[0]?.id;
      for (const table of ['Party', 'Statement', 'Escalation', 'Note', 'SafeChatDelivery']) {
        await tx.query(`SELECT * FROM "${table}" WHERE "guildId" = $1 AND "caseId" = $2`, [this.guildId, caseId]);
      }
      await tx.query(`SELECT * FROM "CaseEvent" WHERE "guildId" = $1 AND "caseId" = $2 ORDER BY "id" DESC LIMIT 10`, [this.guildId, caseId]);
    });
  }

  async safechat(lane: number, c: LaneCase, user: string): Promise<void> {
    await this.command('safechat', lane, async (tx) => {
      await this.settings(tx);
      const parties = await this.caseWithParties(tx, c.number);
      const caseId = parties[0]?.caseId;
      await tx.query(
        `SELECT * FROM "SafeChatDelivery" WHERE "guildId" = $1 AND "userId" = $2 AND "createdAt" >= now() - interval '10 minutes' ORDER BY "createdAt" DESC`,
        [this.guildId, user],
      );
      await tx.query(
        `INSERT INTO "SafeChatDelivery" ("id", "guildId", "caseId", "userId", "requestedById", "topics", "channel", "delivered")
         VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, 'dm', true)`,
        [this.guildId, caseId, user, this.moderator(lane), ['self_help', 'off_platform', 'real_life', 'personal_info']],
      );
      await this.event(tx, caseId, this.moderator(lane), 'safechat_sent');
    });
  }

  /**
   * The command's REST requests as the bot sent them in the probe: the
   * interaction callback first, then the others, with the transaction
   * before the last (the reply edit), as the bot does.
   */
  private async command(name: CommandName, lane: number, transaction: (tx: Queryable, created: readonly Created[]) => Promise<void>): Promise<void> {
    const { fake, community } = this.world;
    const interaction = fake.restOnlyInteraction(this.moderator(lane), community.guild.id, community.channels.staffRoom.id);
    const requests = this.probe[name].requests;
    const ids = new Map<string, string>();
    const created: Created[] = [];
    const probeCallback = requests.find((r) => r.route?.endsWith('/callback'));
    const probeToken = probeCallback?.params.interaction_token;
    if (probeCallback?.params.interaction_id) ids.set(probeCallback.params.interaction_id, interaction.id);
    if (probeToken) ids.set(probeToken, interaction.token);

    const last = requests.at(-1);
    for (const request of requests.slice(0, -1)) {
      const response = await this.send(request, ids);
      noteCreated(request, response, ids, created);
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await transaction(client, created);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    if (last) await this.send(last, ids);
  }

  private async send(request: RecordedRequest, ids: ReadonlyMap<string, string>): Promise<unknown> {
    const query = new URLSearchParams(request.query).toString();
    const url = `${this.world.fake.apiUrl}/v10${rewrite(request.path, ids)}${query ? `?${query}` : ''}`;
    const body = request.body === undefined || request.body === null ? undefined : rewrite(JSON.stringify(freshNonce(request.body)), ids);
    const response = await fetch(url, {
      method: request.method,
      headers: { authorization: `Bot ${this.world.fake.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`floor: ${request.method} ${request.route ?? request.path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  private async settings(tx: Queryable): Promise<void> {
    await tx.query(`SELECT * FROM "GuildSettings" WHERE "guildId" = $1`, [this.guildId]);
  }

  private async caseWithParties(tx: Queryable, number: number): Promise<{ caseId: string; partyId: string; userId: string }[]> {
    const { rows } = await tx.query<{ caseId: string; partyId: string; userId: string }>(
      `SELECT c."id" AS "caseId", c."status", p."id" AS "partyId", p."userId", p."threadId"
       FROM "Case" c JOIN "Party" p ON p."caseId" = c."id" WHERE c."guildId" = $1 AND c."number" = $2 ORDER BY p."position"`,
      [this.guildId, number],
    );
    return rows;
  }

  private async event(tx: Queryable, caseId: string | undefined, actorId: string, type: string): Promise<void> {
    await tx.query(`INSERT INTO "CaseEvent" ("guildId", "caseId", "actorId", "type", "data") VALUES ($1, $2, $3, $4, $5::jsonb)`, [
      this.guildId,
      caseId,
      actorId,
      type,
      JSON.stringify({ lane: actorId }),
    ]);
  }

  private moderator(lane: number): string {
    const id = this.world.moderators[lane];
    if (!id) throw new Error(`no moderator for lane ${lane}`);
    return id;
  }
}

/** A channel or message the floor created, as Discord returned it. */
type Created = { readonly id: string; readonly type: number; readonly channelId: string | null };

function noteCreated(request: RecordedRequest, response: unknown, ids: Map<string, string>, created: Created[]): void {
  const probe = request.response as { id?: unknown } | undefined;
  const now = response as { id?: unknown; type?: unknown; channel_id?: unknown } | undefined;
  if (typeof probe?.id !== 'string' || typeof now?.id !== 'string') return;
  ids.set(probe.id, now.id);
  created.push({ id: now.id, type: typeof now.type === 'number' ? now.type : -1, channelId: typeof now.channel_id === 'string' ? now.channel_id : null });
}

function rewrite(text: string, ids: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [from, to] of ids) out = out.split(from).join(to);
  return out;
}

/** The bot makes a nonce per message; replaying the probe's would make Discord return the old message instead of posting. */
function freshNonce(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || !('nonce' in body)) return body;
  return { ...body, nonce: randomBytes(12).toString('base64url') };
}
