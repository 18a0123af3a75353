/**
 * `npm run demo`: see the bot work in a minute, with no Discord token and no
 * database server. See scripts/demo/run-demo.ts.
 */
import { runDemo } from './demo/run-demo.js';

try {
  const summary = await runDemo((line) => console.log(line), { logLevel: process.env.LOG_LEVEL ?? 'silent' });
  process.exitCode = summary.violations === 0 ? 0 : 1;
} catch (error) {
  console.error('The demo stopped:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
