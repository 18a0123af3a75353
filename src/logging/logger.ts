import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that must never reach a log line. Connection URLs are logged only
 * after `redactUrl`; these catch secrets passed as fields by mistake.
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'password',
  '*.password',
  'connectionString',
  '*.connectionString',
  'headers.authorization',
  '*.headers.authorization',
  'config.discord.token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'bothsides' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
