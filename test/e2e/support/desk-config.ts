import { createServer, type AddressInfo } from 'node:net';
import type { Config } from '../../../src/config/config.js';
import type { FakeDiscord } from '../fake-discord/index.js';

/** The desk on a free port of this machine (or `port`), logging in through the local Discord API's OAuth2. */
export async function deskConfig(fake: FakeDiscord, port?: number): Promise<NonNullable<Config['web']>> {
  const chosen =
    port ??
    (await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    }));
  return { port: chosen, host: '127.0.0.1', publicUrl: `http://127.0.0.1:${chosen}`, clientSecret: fake.oauth.clientSecret, oauthUrl: fake.oauthUrl, sessionSecret: undefined };
}
