import { describe, expect, it } from 'vitest';
import { BotMetrics } from '../../../src/metrics/bot-metrics.js';

describe('the bot\'s metrics', () => {
  it('read the owed work once per scrape for both of its gauges, and report what the bot tells them', async () => {
    let reads = 0;
    const metrics = new BotMetrics({
      owedWork: () => {
        reads += 1;
        return Promise.resolve({ pending: 3, lagSeconds: 1.5 });
      },
      gatewayPingMs: () => 42,
      poolSize: () => 10,
      poolUse: () => ({ total: 4, idle: 3, waiting: 0 }),
    });
    metrics.commandDone('case open', 'ok', 0.2);
    metrics.restResponse('/channels/:id/threads', 201);
    const text = await metrics.registry.metrics();
    expect(reads).toBe(1);
    for (const line of [
      'bothsides_owed_actions_pending 3',
      'bothsides_owed_actions_lag_seconds 1.5',
      'bothsides_gateway_ping_ms 42',
      'bothsides_database_pool_size 10',
      'bothsides_database_pool_connections{state="open"} 4',
      'bothsides_commands_total{command="case open",result="ok"} 1',
      'bothsides_discord_requests_total{route="/channels/:id/threads",status="201"} 1',
    ]) {
      expect(text).toContain(line);
    }
  });
});
