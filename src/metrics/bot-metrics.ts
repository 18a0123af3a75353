import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read at scrape time from the rest of the bot. */
export type MetricSources = {
  /** Owed Discord work not done yet, and how long the oldest due one has waited. */
  readonly owedWork: () => Promise<{ readonly pending: number; readonly lagSeconds: number }>;
  /** The gateway's last heartbeat round trip in ms (-1 before the first); absent in a process without a gateway (the desk on its own). */
  readonly gatewayPingMs?: () => number;
  /** The connections the database pool may open (the embedded database: one). */
  readonly poolSize: () => number;
  /** The pool's connections now: open, idle, and requests waiting for one. */
  readonly poolUse: () => { readonly total: number; readonly idle: number; readonly waiting: number } | null;
};

/**
 * The process's Prometheus metrics (prom-client), served by the desk at
 * /metrics: commands by name and result with their latency, Discord REST
 * requests and 429s by route bucket, owed work pending and its lag, the
 * database pool's size and use, the gateway ping, and the process defaults. Labels are
 * command names, results and route templates: nothing personal.
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly commands = new Counter({ name: 'bothsides_commands_total', help: 'Interactions served, by command (or component) and result.', labelNames: ['command', 'result'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'bothsides_command_seconds',
    help: 'Time from an interaction arriving to its handler finishing.',
    labelNames: ['command'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers: [this.registry],
  });
  private readonly rest = new Counter({ name: 'bothsides_discord_requests_total', help: 'Discord REST responses, by route bucket and status.', labelNames: ['route', 'status'], registers: [this.registry] });
  private readonly limited = new Counter({ name: 'bothsides_discord_rate_limited_total', help: 'Discord 429s and waits for a rate limit, by route bucket.', labelNames: ['route', 'global'], registers: [this.registry] });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'bothsides_' });
    // One query of the owed work per scrape serves both of its gauges.
    const owedWork = oncePerScrape(sources.owedWork);
    this.gauge('bothsides_owed_actions_pending', 'Discord work recorded and not carried out yet (scheduled work included).', async () => (await owedWork()).pending);
    this.gauge('bothsides_owed_actions_lag_seconds', 'How long the oldest owed action that is due has waited (0 when none is).', async () => (await owedWork()).lagSeconds);
    if (sources.gatewayPingMs) this.gauge('bothsides_gateway_ping_ms', "The gateway's last heartbeat round trip.", sources.gatewayPingMs);
    new Gauge({
      name: 'bothsides_database_pool_connections',
      help: "The database pool's connections now, by state (open, idle) and the requests waiting for one.",
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const use = sources.poolUse();
        if (use === null) return;
        this.set({ state: 'open' }, use.total);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
      },
    });
    this.gauge('bothsides_database_pool_size', 'Connections the pool may open.', sources.poolSize);
  }

  /** A gauge read from the bot when Prometheus scrapes. */
  private gauge(name: string, help: string, read: () => number | Promise<number>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  commandDone(command: string, result: 'ok' | 'error', seconds: number): void {
    this.commands.inc({ command, result });
    this.latency.observe({ command }, seconds);
  }

  restResponse(route: string, status: number): void {
    this.rest.inc({ route, status: String(status) });
  }

  rateLimited(route: string, global: boolean): void {
    this.limited.inc({ route, global: String(global) });
  }
}

/** `read` shared by the gauges of one scrape: a call while one is running, or within a second of it, gets the same answer. */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { readonly at: number; readonly value: Promise<T> } | null = null;
  return () => {
    if (last === null || Date.now() - last.at > 1000) last = { at: Date.now(), value: read() };
    return last.value;
  };
}
