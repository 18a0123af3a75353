import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

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

/** How log lines are written: JSON, one object per line (for machines), or pretty (for a person at a terminal). */
export type LogFormat = 'json' | 'pretty';

/** The format when none is configured: pretty on a terminal, JSON otherwise (a file, a pipe, a log collector). */
export const defaultLogFormat = (stdoutIsTty: boolean): LogFormat => (stdoutIsTty ? 'pretty' : 'json');

/** Writes to `destination` (stdout when absent), in `format` (JSON when absent). Secrets are redacted either way. */
export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'bothsides' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  if (format === 'pretty') {
    const out = destination ?? process.stdout;
    const colorize = destination === undefined && process.stdout.isTTY === true;
    return pino(options, pretty({ destination: out, colorize, sync: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss.l' }));
  }
  return destination ? pino(options, destination) : pino(options);
}

/** The logger of an entry point: the configured level and format (pretty on a terminal, JSON otherwise). */
export function processLogger(config: { readonly logLevel: string; readonly logFormat?: LogFormat }): Logger {
  return createLogger(config.logLevel, undefined, config.logFormat ?? defaultLogFormat(process.stdout.isTTY === true));
}
