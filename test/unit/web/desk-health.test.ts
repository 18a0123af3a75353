import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import type { DeskStore } from '../../../src/persistence/desk-store.js';
import { createDesk } from '../../../src/web/desk.js';
import { createHarness } from '../../support/fakes/service-harness.js';

/** /healthz for Docker's HEALTHCHECK or a load balancer: 200 when the database and the gateway are up, 503 otherwise, nothing personal. */
describe('the desk\'s /healthz', () => {
  const deskWith = (health: { database: boolean; gateway?: boolean } | Error) =>
    createDesk({
      deps: createHarness().deps,
      store: {} as DeskStore,
      memberRoles: { rolesOf: () => Promise.resolve({ ok: true, value: null }) },
      login: { clientId: '1', clientSecret: 's', oauthUrl: 'http://127.0.0.1:1/oauth2/authorize', apiUrl: 'http://127.0.0.1:1/api', publicUrl: 'http://127.0.0.1:1' },
      sessionSecret: 'a-test-secret-of-at-least-32-characters',
      health: () => (health instanceof Error ? Promise.reject(health) : Promise.resolve(health)),
      logger: createLogger('silent'),
    });

  it('answers 200 when both are up, 503 naming what is down, and 503 when it cannot tell', async () => {
    const cases = [
      [{ database: true, gateway: true }, 200, { database: 'up', gateway: 'up' }],
      [{ database: false, gateway: true }, 503, { database: 'down', gateway: 'up' }],
      [{ database: true, gateway: false }, 503, { database: 'up', gateway: 'down' }],
      [new Error('no answer'), 503, { database: 'down', gateway: 'down' }],
      // The desk on its own (npm run desk) has no gateway: the database alone decides.
      [{ database: true }, 200, { database: 'up' }],
      [{ database: false }, 503, { database: 'down' }],
    ] as const;
    for (const [health, status, body] of cases) {
      const app = await deskWith(health);
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual(body);
      await app.close();
    }
  });
});
