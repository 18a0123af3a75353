import { EventEmitter, once } from 'node:events';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import type { WebSocket } from 'ws';
import type { Json } from './state.js';

export const Intents = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

export const HEARTBEAT_INTERVAL = 41_250;

interface DispatchEvent {
  s: number;
  t: string;
  d: unknown;
}

export interface GatewaySession {
  id: string;
  /** [shard_id, num_shards] from IDENTIFY ([0, 1] when none was sent). */
  shard: [number, number];
  seq: number;
  intents: number;
  events: DispatchEvent[];
  conn: Connection | null;
}

export interface GatewayLogEntry {
  direction: 'in' | 'out';
  op: number;
  t?: string | null;
  s?: number | null;
  at: number;
}

export type DropMode = 'resumable' | 'abrupt' | 'reconnect' | 'invalid-session';

/** How Discord shards this bot (what GET /gateway/bot announces and IDENTIFY is held to). */
export interface ShardingRules {
  /** Recommended shard count. */
  shards: number;
  /** IDENTIFYs allowed per 5 s per bucket (shard_id % max_concurrency). */
  maxConcurrency: number;
  /** More guilds than this on one session is refused with 4011 (Discord: 2,500). */
  maxGuildsPerShard: number;
  /** Refuse (op 9) an IDENTIFY in a bucket that already identified in the last 5 s. Off by default: tests restart bots quickly. */
  enforceIdentifyRate: boolean;
}

export const IDENTIFY_WINDOW_MS = 5_000;

/** The shard a guild's events go to: (guild_id >> 22) % num_shards. DMs (no guild) go to shard 0. */
export function shardOf(guildId: string | null, shardCount: number): number {
  if (guildId === null) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The guild an event is about: GUILD_CREATE/UPDATE/DELETE carry it as `id`, the others as `guild_id`. */
function guildOfEvent(t: string, d: unknown): string | null {
  const o = (d ?? {}) as { id?: unknown; guild_id?: unknown };
  if (t === 'GUILD_CREATE' || t === 'GUILD_UPDATE' || t === 'GUILD_DELETE') return typeof o.id === 'string' ? o.id : null;
  return typeof o.guild_id === 'string' ? o.guild_id : null;
}

interface GatewayDeps {
  token: string;
  resumeUrl(): string;
  ready(session: GatewaySession): Json;
  guildCreates(session: GatewaySession): Json[];
  /** How many guilds a session for this shard would hold. */
  guildsOnShard(shard: [number, number]): number;
  sharding: ShardingRules;
}

class Connection {
  private deflate: zlib.Deflate | null = null;
  private readonly pending: Buffer[] = [];
  session: GatewaySession | null = null;

  constructor(
    readonly ws: WebSocket,
    compress: boolean,
  ) {
    if (compress) {
      this.deflate = zlib.createDeflate({ chunkSize: 65535 });
      this.deflate.on('data', (chunk: Buffer) => this.pending.push(chunk));
    }
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(payload: unknown): void {
    if (!this.open) return;
    const json = JSON.stringify(payload);
    const deflate = this.deflate;
    if (!deflate) {
      this.ws.send(json);
      return;
    }
    // zlib-stream: one shared context, each payload ends with a Z_SYNC_FLUSH (00 00 ff ff).
    deflate.write(json);
    deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      const data = Buffer.concat(this.pending.splice(0));
      if (this.open) this.ws.send(data);
    });
  }
}

/**
 * Discord gateway v10 (JSON encoding, optional zlib-stream). One bot session per shard at a time: a new IDENTIFY
 * for a shard takes its events over from the session before it, as when a bot process is replaced.
 */
export class Gateway extends EventEmitter {
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly connections = new Set<Connection>();
  /** The session that receives each shard's events, by "shard_id/num_shards". */
  private readonly currents = new Map<string, GatewaySession>();
  /** When each identify bucket last identified. */
  private readonly lastIdentify = new Map<number, number>();
  readonly log: GatewayLogEntry[] = [];

  constructor(private readonly deps: GatewayDeps) {
    super();
  }

  handleConnection(ws: WebSocket, url: URL): void {
    const version = url.searchParams.get('v');
    const encoding = url.searchParams.get('encoding') ?? 'json';
    if (version !== null && version !== '10') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if (encoding !== 'json') {
      ws.close(4002, 'Only encoding=json is supported by the fake');
      return;
    }
    const compress = url.searchParams.get('compress');
    const conn = new Connection(ws, compress === 'zlib-stream');
    this.connections.add(conn);
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (isBinary) {
        ws.close(4002, 'Decode error');
        return;
      }
      let payload: { op?: number; d?: unknown };
      try {
        payload = JSON.parse(raw.toString('utf8')) as { op?: number; d?: unknown };
      } catch {
        ws.close(4002, 'Decode error');
        return;
      }
      this.onPayload(conn, payload);
    });
    ws.on('close', () => {
      this.connections.delete(conn);
      if (conn.session?.conn === conn) conn.session.conn = null;
      this.emit('disconnected');
    });
    this.out(conn, { op: 10, d: { heartbeat_interval: HEARTBEAT_INTERVAL, _trace: ['fake-discord'] }, s: null, t: null });
  }

  /** Shard 0's session (the only one of an unsharded bot). */
  get current(): GatewaySession | null {
    return [...this.currents.values()].find((x) => x.shard[0] === 0) ?? this.currents.values().next().value ?? null;
  }

  /** The live session of each shard, for tests of sharded bots. */
  get shardSessions(): GatewaySession[] {
    return [...this.currents.values()];
  }

  private out(conn: Connection, payload: { op: number; d: unknown; s: number | null; t: string | null }): void {
    this.log.push({ direction: 'out', op: payload.op, t: payload.t, s: payload.s, at: Date.now() });
    conn.send(payload);
  }

  private onPayload(conn: Connection, payload: { op?: number; d?: unknown }): void {
    this.log.push({ direction: 'in', op: payload.op ?? -1, at: Date.now() });
    switch (payload.op) {
      case 1:
        this.out(conn, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.identify(conn, payload.d as { token?: string; intents?: number });
        return;
      case 6:
        this.resume(conn, payload.d as { token?: string; session_id?: string; seq?: number });
        return;
      case 3:
      case 4:
      case 8:
        if (!conn.session) conn.ws.close(4003, 'Not authenticated');
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode');
    }
  }

  private tokenOk(token: string | undefined): boolean {
    return (token ?? '').replace(/^Bot\s+/i, '') === this.deps.token;
  }

  private identify(conn: Connection, d: { token?: string; intents?: number; shard?: unknown }): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated');
      return;
    }
    if (!this.tokenOk(d.token)) {
      conn.ws.close(4004, 'Authentication failed');
      return;
    }
    const shard = d.shard === undefined ? ([0, 1] as [number, number]) : d.shard;
    if (!Array.isArray(shard) || shard.length !== 2 || !shard.every((n) => Number.isInteger(n)) || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
      conn.ws.close(4010, 'Invalid shard');
      return;
    }
    const pair = shard as [number, number];
    if (this.deps.guildsOnShard(pair) > this.deps.sharding.maxGuildsPerShard) {
      conn.ws.close(4011, 'Sharding required');
      return;
    }
    const rules = this.deps.sharding;
    const bucket = pair[0] % rules.maxConcurrency;
    const now = Date.now();
    if (rules.enforceIdentifyRate && now - (this.lastIdentify.get(bucket) ?? -Infinity) < IDENTIFY_WINDOW_MS) {
      // Discord answers an IDENTIFY over max_concurrency with a non-resumable invalid session.
      this.emit('identify-refused', pair);
      this.out(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    this.lastIdentify.set(bucket, now);
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      shard: pair,
      seq: 0,
      intents: d.intents ?? 0,
      events: [],
      conn,
    };
    conn.session = session;
    this.sessions.set(session.id, session);
    this.currents.set(pair.join('/'), session);
    this.push(session, 'READY', this.deps.ready(session));
    for (const guild of this.deps.guildCreates(session)) this.push(session, 'GUILD_CREATE', guild);
    this.emit('ready', session);
  }

  private resume(conn: Connection, d: { token?: string; session_id?: string; seq?: number }): void {
    const session = d.session_id ? this.sessions.get(d.session_id) : undefined;
    if (!session || !this.tokenOk(d.token)) {
      this.out(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.conn && session.conn !== conn && session.conn.open) session.conn.ws.close(4000, 'Session resumed elsewhere');
    session.conn = conn;
    conn.session = session;
    this.currents.set(session.shard.join('/'), session);
    const from = d.seq ?? 0;
    for (const ev of session.events) {
      if (ev.s > from) this.out(conn, { op: 0, d: ev.d, s: ev.s, t: ev.t });
    }
    this.push(session, 'RESUMED', { _trace: ['fake-discord'] });
    this.emit('resumed', session);
  }

  private push(session: GatewaySession, t: string, d: unknown): number {
    session.seq++;
    const ev = { s: session.seq, t, d };
    session.events.push(ev);
    if (session.events.length > 2000) session.events.splice(0, session.events.length - 2000);
    if (session.conn?.open) this.out(session.conn, { op: 0, d, s: ev.s, t });
    return ev.s;
  }

  /**
   * Sends a dispatch to the session of the shard its guild lives on (shard 0 for DMs), buffered for RESUME when
   * the socket is down. `intent`: the event is only sent when the session identified with one of these intent bits.
   * False when no session holds that shard.
   */
  dispatch(t: string, d: unknown, intent?: number): boolean {
    const guildId = guildOfEvent(t, d);
    const sessions = this.shardSessions.filter((x) => shardOf(guildId, x.shard[1]) === x.shard[0]);
    if (sessions.length === 0) return false;
    for (const session of sessions) {
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      this.push(session, t, d);
    }
    return true;
  }

  /** The session holding a guild's shard, or null. */
  sessionFor(guildId: string | null): GatewaySession | null {
    return this.shardSessions.find((x) => shardOf(guildId, x.shard[1]) === x.shard[0]) ?? null;
  }

  get connected(): boolean {
    return Boolean(this.current?.conn?.open);
  }

  /**
   * Disconnects a shard's socket (shard 0 by default). 'resumable' closes with 4000, 'abrupt' terminates the TCP
   * connection, 'reconnect' sends op 7, 'invalid-session' sends op 9 (not resumable).
   */
  async drop(mode: DropMode = 'resumable', shardId = 0): Promise<void> {
    const session = this.shardSessions.find((x) => x.shard[0] === shardId) ?? null;
    const conn = session?.conn;
    if (!session || !conn?.open) return;
    const closed = once(conn.ws, 'close');
    switch (mode) {
      case 'resumable':
        conn.ws.close(4000, 'Unknown error (fake drop)');
        break;
      case 'abrupt':
        conn.ws.terminate();
        break;
      case 'reconnect':
        this.out(conn, { op: 7, d: null, s: null, t: null });
        break;
      case 'invalid-session':
        this.sessions.delete(session.id);
        this.out(conn, { op: 9, d: false, s: null, t: null });
        break;
    }
    await closed;
  }

  closeAll(): void {
    for (const conn of this.connections) conn.ws.terminate();
    this.connections.clear();
  }
}
