import 'dotenv/config';
import { parseConfig, describeConfigProblems, type Config } from './config.js';

/**
 * Reads .env and the environment once, or ends the process with a message
 * that names every bad variable. Entry points call this first.
 */
export function loadConfigOrExit(): Config {
  const result = parseConfig(process.env);
  if (!result.ok) {
    process.stderr.write(`${describeConfigProblems(result)}\n`);
    process.exit(1);
  }
  return result.config;
}
