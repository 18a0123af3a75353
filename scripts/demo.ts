/**
 * `npm run demo`: see the bot work in a minute, with no Discord token and no
 * database server. See scripts/demo/run-demo.ts.
 */
import { parseArgs } from 'node:util';
import { LANGUAGES, languageOf } from '../src/i18n/languages.js';
import { runDemo } from './demo/run-demo.js';

try {
  // `npm run demo -- --lang de`: the moderators' Discord and the server in that language.
  // `npm run demo -- --web`: the case desk too, until Ctrl+C (WEB_PORT picks its port; a free one otherwise).
  const { values } = parseArgs({ options: { lang: { type: 'string', default: 'en-US' }, web: { type: 'boolean', default: false } } });
  const language = languageOf(values.lang);
  if (language === null) throw new Error(`--lang ${values.lang}: not one of ${LANGUAGES.join(', ')}`);
  const port = process.env.WEB_PORT ? Number(process.env.WEB_PORT) : undefined;
  const untilStopped = () => new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  const summary = await runDemo((line) => console.log(line), {
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    language,
    ...(values.web ? { web: { ...(port === undefined ? {} : { port }), keepOpen: untilStopped } } : {}),
  });
  process.exitCode = summary.violations === 0 ? 0 : 1;
} catch (error) {
  console.error('The demo stopped:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
