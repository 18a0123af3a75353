import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL in the tests), to
 * make it fail on demand:
 *
 *   const proxy = await TcpProxy.start('127.0.0.1', 5432);
 *   const url = proxy.url('postgresql://postgres:pw@127.0.0.1:5432/db'); // same URL, host:port of the proxy
 *   await proxy.down();    // the server is gone: new connections refused, open ones cut
 *   await proxy.up();      // back, on the same port
 *   proxy.dropAll();       // a restart: open connections cut, new ones accepted
 *   await proxy.stop();
 *
 * Down really stops listening, so a client sees ECONNREFUSED as it would from
 * a stopped server; up() listens again on the same port.
 */
export class TcpProxy {
  /** Both ends of every open connection. */
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private server: Server | null = null;
  private listenPort = 0;
  /** Connections accepted so far (to tell that a client reconnected). */
  accepted = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.listen(0);
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get isUp(): boolean {
    return this.server !== null;
  }

  /** Open connections through the proxy. */
  get connections(): number {
    return this.pairs.size;
  }

  /** The same URL with host and port replaced by the proxy's (user, password, path and query kept). */
  url(forDatabaseUrl: string): string {
    const u = new URL(forDatabaseUrl);
    u.hostname = this.host;
    u.port = String(this.listenPort);
    return u.toString();
  }

  /** The server goes away: refuses new connections and cuts the open ones. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    this.dropAll();
    await closed;
  }

  /** The server is back, on the same port. */
  async up(): Promise<void> {
    if (this.server) return;
    await this.listen(this.listenPort);
  }

  /** Cuts every open connection (like a server restart); new ones are still accepted. Returns how many were cut. */
  dropAll(): number {
    const n = this.pairs.size;
    for (const pair of [...this.pairs]) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
    return n;
  }

  async stop(): Promise<void> {
    await this.down();
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listenPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    this.accepted += 1;
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    const pair = { client, upstream };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
