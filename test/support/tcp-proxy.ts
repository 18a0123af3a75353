import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** How the proxy cuts a connection. */
export type CutMode =
  /** The client reads end-of-stream, as when the server process closes its side (a restart, a killed backend). */
  | 'close'
  /** The client gets a TCP RST (ECONNRESET), as from a crashed host or a middlebox dropping the connection. */
  | 'reset';

type Pair = { readonly client: Socket; readonly upstream: Socket; cut: boolean };

/**
 * A TCP proxy on 127.0.0.1 in front of a server (PostgreSQL in the tests), to
 * make it fail on demand:
 *
 *   const proxy = await TcpProxy.start('127.0.0.1', 5432);
 *   const url = proxy.url('postgresql://postgres:pw@127.0.0.1:5432/db'); // same URL, the proxy's host:port
 *   await proxy.down();    // the server is gone: new connections refused, open ones cut
 *   await proxy.up();      // back, on the same port
 *   proxy.dropAll();       // a restart: open connections cut, new ones accepted
 *   await proxy.stop();
 *
 * Down really stops listening, so a client gets ECONNREFUSED as from a
 * stopped server; up() listens again on the same port.
 */
export class TcpProxy {
  private readonly pairs = new Set<Pair>();
  private server: Server | null = null;
  private listenPort = 0;
  /** Connections accepted so far. */
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

  get host(): string {
    return '127.0.0.1';
  }

  get port(): number {
    return this.listenPort;
  }

  get isUp(): boolean {
    return this.server !== null;
  }

  /** Connections open through the proxy now. */
  get connections(): number {
    return this.pairs.size;
  }

  /** The same URL with host and port replaced by the proxy's (user, password, database and query kept). */
  url(forDatabaseUrl: string): string {
    const u = new URL(forDatabaseUrl);
    u.hostname = this.host;
    u.port = String(this.listenPort);
    return u.toString();
  }

  /** The server goes away: refuses new connections and cuts the open ones. */
  async down(how: CutMode = 'close'): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    this.dropAll(how);
    await closed;
  }

  /** The server is back, on the same port. */
  async up(): Promise<void> {
    if (this.server) return;
    await this.listen(this.listenPort);
  }

  /** Cuts every open connection, like a server restart; new ones are still accepted. Returns how many it cut. */
  dropAll(how: CutMode = 'close'): number {
    const cut = [...this.pairs];
    this.pairs.clear();
    for (const pair of cut) {
      pair.cut = true;
      pair.client.unpipe(pair.upstream);
      pair.upstream.unpipe(pair.client);
      pair.upstream.destroy();
      if (how === 'reset') {
        pair.client.resetAndDestroy();
      } else {
        // FIN first, so the client reads the end of the stream before anything it sent can turn the close into
        // a reset; the socket is released a moment later.
        pair.client.end();
        setTimeout(() => pair.client.destroy(), 100);
      }
    }
    return cut.length;
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
    const pair: Pair = { client, upstream, cut: false };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = () => {
      this.pairs.delete(pair);
      upstream.destroy();
      if (!pair.cut) client.destroy(); // a cut connection closes on its own schedule (see dropAll)
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
