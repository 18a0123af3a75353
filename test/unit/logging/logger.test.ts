import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/db/redact-url.js';
import { createLogger, defaultLogFormat } from '../../../src/logging/logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe('logging of secrets', () => {
  it('replaces tokens, passwords and connection strings passed as fields', () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    log.info(
      { token: 'secret-token', db: { password: 'pw1', connectionString: 'postgresql://u:pw2@h/db' }, config: { discord: { token: 'secret-2' } } },
      'hello',
    );
    const out = lines.join('');
    for (const secret of ['secret-token', 'pw1', 'pw2', 'secret-2']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('hides the password of a database URL but keeps where it points', () => {
    expect(redactUrl('postgresql://bot:s3cret@db.example:5432/bothsides')).toBe('postgresql://bot:***@db.example:5432/bothsides');
    expect(redactUrl('postgresql://postgres@127.0.0.1:5432/test')).toBe('postgresql://postgres@127.0.0.1:5432/test');
    expect(redactUrl('not a url')).toBe('[unparseable URL]');
  });
});

describe('log formats', () => {
  it('writes one JSON object per line by default, for machines', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ caseNumber: 12 }, 'case opened');
    expect(JSON.parse(lines.join(''))).toMatchObject({ level: 30, app: 'bothsides', caseNumber: 12, msg: 'case opened' });
  });

  it('writes readable lines when pretty, still without secrets', () => {
    const { lines, stream } = capture();
    createLogger('info', stream, 'pretty').info({ caseNumber: 12, token: 'secret-token' }, 'case opened');
    const out = lines.join('');
    expect(out).toMatch(/INFO.*case opened/);
    expect(out).toContain('caseNumber: 12');
    expect(out).not.toContain('secret-token');
    expect(() => JSON.parse(out) as unknown).toThrow();
  });

  it('is pretty on a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(defaultLogFormat(true)).toBe('pretty');
    expect(defaultLogFormat(false)).toBe('json');
  });
});
